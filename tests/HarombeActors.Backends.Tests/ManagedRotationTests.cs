using System.Collections.Concurrent;
using Akka.Actor;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Actors.Targets;
using HarombeActors.Client;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.Targets;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HarombeActors.Backends.Tests;

/// <summary>
/// A managed PostgreSQL credential rotated by a real host node while clients from the client library log in to the real
/// server throughout, each with a fresh connection (pooling off) and the credential it holds.
/// </summary>
[Collection(PostgresCollection.Name)]
public class ManagedRotationTests(PostgresFixture pg)
{
    private static readonly Principal Ops = new("alice");

    private sealed class Node(EmbeddedNode node, PostgresBackend backend, string dir) : IAsyncDisposable
    {
        public EmbeddedNode Embedded => node;
        public PostgresBackend Backend => backend;

        public async Task<T> Ask<T>(ISecretMessage message) => await node.Region.Ask<ISecretReply>(message, TimeSpan.FromSeconds(60)) switch
        {
            T t => t,
            CommandRejected r => throw new InvalidOperationException(r.Rejection.ToString()),
            var other => throw new InvalidOperationException($"unexpected {other}"),
        };

        public async ValueTask DisposeAsync()
        {
            await node.DisposeAsync();
            await backend.DisposeAsync();
            Directory.Delete(dir, true);
        }
    }

    private async Task<Node> StartAsync(bool terminateSessions = false)
    {
        var backend = new PostgresBackend("pg", await pg.Server.CreateDatabaseAsync(), terminateSessions);
        var dir = Directory.CreateTempSubdirectory("harombe-managed-").FullName;
        var node = await EmbeddedNode.StartAsync(
            // A shorter retirement grace than the shipped 5 s keeps the test short; the race it covers lasts milliseconds.
            new HarombeOptions { Port = EmbeddedNode.FreeLoopbackPort(), DataDir = dir, ActorSystemName = "harombe-managed", TargetRetireGrace = TimeSpan.FromSeconds(2) },
            services: s => s.AddSingleton<ICredentialBackend>(backend));
        return new Node(node, backend, dir);
    }

    private static SecretCredentials Client(Node node, SecretPath path, string id)
    {
        var credentials = new SecretCredentials();
        var options = new SecretConsumerOptions(path, ConsumerId.Parse(id)) { HeartbeatInterval = TimeSpan.FromSeconds(1) };
        node.Embedded.System.ActorOf(SecretConsumerActor.Props(node.Embedded.Region, options, credentials));
        return credentials;
    }

    private static ManagedCredential Held(SecretCredentials credentials) => credentials.Credential!;

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what);
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Dual_write_and_blue_green_rotate_the_credential_at_the_server_with_clients_logging_in_throughout_and_no_failed_login()
    {
        await using var node = await StartAsync();
        var path = SecretPath.Parse("/managed/pg");
        var created = await node.Ask<SecretWriteAccepted>(new CreateManagedSecret(path, "pg", "app", Ops));
        Assert.Equal(1, created.Version);

        var clients = Enumerable.Range(1, 3).Select(i => Client(node, path, $"client-{i}")).ToList();
        await Eventually(async () => clients.All(c => c.Current is not null) && (await node.Ask<ConsumerList>(new GetConsumers(path))).Consumers.Count == 3, "clients registered");
        var seen = new ConcurrentDictionary<string, byte>();
        var failures = new ConcurrentQueue<string>();
        var logins = 0;
        using var stop = new CancellationTokenSource();
        var traffic = clients.Select(c => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var held = Held(c);
                seen.TryAdd(held.Password, 0);
                var builder = new NpgsqlConnectionStringBuilder { Host = held.Host, Port = held.Port, Database = held.Database, Username = held.Username, Password = held.Password, Pooling = false };
                try
                {
                    await using var connection = new NpgsqlConnection(builder.ConnectionString);
                    await connection.OpenAsync();
                    Interlocked.Increment(ref logins);
                }
                catch (PostgresException e)
                {
                    failures.Enqueue($"{held.Username}: {e.SqlState} {e.MessageText}");
                }
            }
        })).ToList();

        var policy = new RotationPolicy { RequireVerification = false, MigrationTimeout = TimeSpan.FromSeconds(60) };
        foreach (var strategy in new[] { RotationStrategy.DualWrite, RotationStrategy.BlueGreen, RotationStrategy.DualWrite, RotationStrategy.BlueGreen })
        {
            var before = Held(clients[0]);
            var outcome = await node.Ask<RotationOutcome>(new RotateSecret(path, Ops, policy with { Strategy = strategy }));
            Assert.True(outcome.Result.Success, outcome.Result.Error);
            Assert.True(outcome.Result.VerificationPassed, "the backend's login test always runs");
            await Eventually(() => Task.FromResult(clients.All(c => Held(c).Password != before.Password)), "clients moved");
            // Not refused before its retirement (a grace after promotion covers clients still connecting with it)...
            Assert.True((await node.Backend.TryLoginAsync(before, default)).Success);
            if (strategy == RotationStrategy.DualWrite)
                // ...then retired at the server: the old login is refused from then on.
                await Eventually(async () => !(await node.Backend.TryLoginAsync(before, default)).Success, "old login refused after a dual-write");
            else
                // Blue-green keeps the idle login until the next rotation re-arms it, so rollback is one pointer switch.
                Assert.True((await node.Backend.TryLoginAsync(before, default)).Success);
        }
        await stop.CancelAsync();
        await Task.WhenAll(traffic);

        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(10)));
        Assert.True(logins > 20, $"only {logins} logins");
        Assert.Equal(5, seen.Count);
        var log = pg.Server.Log();
        Assert.All(seen.Keys, password => Assert.DoesNotContain(password, log));
    }

    [Fact]
    public async Task A_failed_login_test_at_the_target_leaves_the_old_credential_working_and_disarms_the_candidate()
    {
        await using var node = await StartAsync();
        var path = SecretPath.Parse("/managed/failing");
        await node.Ask<SecretWriteAccepted>(new CreateManagedSecret(path, "pg", "failing", Ops));
        var old = ManagedCredential.Parse((await node.Ask<SecretRead>(new GetSecret(path, VersionSelector.Current, true))).Value!)!;

        // Behind the backend's back, the idle login role may open no connection: arming it works, its login test fails.
        await Admin(node, "ALTER ROLE failing_b CONNECTION LIMIT 0");
        var outcome = await node.Ask<RotationOutcome>(new RotateSecret(path, Ops, new RotationPolicy { Strategy = RotationStrategy.DualWrite, RequireVerification = false, MaxRetries = 0 }));
        Assert.Equal(RotationStatus.Failed, outcome.Result.Status);
        Assert.Contains("failing_b", outcome.Result.Error);
        Assert.Equal(1, (await node.Ask<SecretRead>(new GetSecret(path, VersionSelector.Current))).Version);
        Assert.True((await node.Backend.TryLoginAsync(old, default)).Success);
        // The armed candidate is disabled again at the server.
        await Eventually(async () => await Admin(node, "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'failing_b'") is false, "candidate disarmed");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_login_with_an_open_session_is_not_retired_under_it_until_it_closes_or_the_migration_timeout_passes(bool terminate)
    {
        await using var node = await StartAsync(terminate);
        var path = SecretPath.Parse("/managed/sessions");
        await node.Ask<SecretWriteAccepted>(new CreateManagedSecret(path, "pg", "held", Ops));
        var old = ManagedCredential.Parse((await node.Ask<SecretRead>(new GetSecret(path, VersionSelector.Current, true))).Value!)!;
        // A consumer that does not run the client library: only the server knows it still uses the old login.
        var session = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
            { Host = old.Host, Port = old.Port, Database = old.Database, Username = old.Username, Password = old.Password, Pooling = false }.ConnectionString);
        await session.OpenAsync();
        // Terminating: the wait is bounded by the migration timeout, then the login is retired and its sessions ended.
        var timeout = terminate ? TimeSpan.FromSeconds(3) : TimeSpan.FromMinutes(10);
        // The wait outlives the rotation, so it is bounded by the secret's stored policy.
        await node.Ask<PolicyAccepted>(new SetPolicy(path, new RotationPolicy { Strategy = RotationStrategy.DualWrite, RequireVerification = false, MigrationTimeout = timeout }, Ops));
        var outcome = await node.Ask<RotationOutcome>(new RotateSecret(path, Ops));
        Assert.True(outcome.Result.Success, outcome.Result.Error);

        // The status shows the wait, and meanwhile the old login still logs in.
        await Eventually(async () => terminate
                                     || (await node.Ask<SecretStatus>(new GetStatus(path))).Managed!.WaitingOnSessions is [{ Version: 1, Login: "held_a", Sessions: >= 1 }],
            "status shows the wait on the open session");
        if (!terminate)
        {
            Assert.True((await node.Backend.TryLoginAsync(old, default)).Success);
            Assert.Equal(true, await Admin(node, "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'held_a'"));
            await session.CloseAsync();
        }
        await Eventually(async () => !(await node.Backend.TryLoginAsync(old, default)).Success, "old login retired");
        if (terminate)
        {
            await using var ping = new NpgsqlCommand("SELECT 1", session);
            await Assert.ThrowsAnyAsync<Exception>(() => ping.ExecuteScalarAsync());
        }
        await session.DisposeAsync();
    }

    [Fact]
    public async Task An_emergency_retires_the_compromised_login_at_once_and_ends_its_sessions_without_waiting()
    {
        // No TerminateSessions, and a 10-minute wait for sessions: what an ordinary rotation would honour.
        await using var node = await StartAsync(terminateSessions: false);
        var path = SecretPath.Parse("/managed/leaked");
        await node.Ask<SecretWriteAccepted>(new CreateManagedSecret(path, "pg", "leaked", Ops));
        await node.Ask<PolicyAccepted>(new SetPolicy(path, new RotationPolicy { RequireVerification = false, MigrationTimeout = TimeSpan.FromMinutes(10) }, Ops));
        var old = ManagedCredential.Parse((await node.Ask<SecretRead>(new GetSecret(path, VersionSelector.Current, true))).Value!)!;
        // The attacker's connection with the leaked password.
        var session = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
            { Host = old.Host, Port = old.Port, Database = old.Database, Username = old.Username, Password = old.Password, Pooling = false }.ConnectionString);
        await session.OpenAsync();

        var started = await node.Ask<EmergencyStarted>(new EmergencyRotate(path, Ops, "password pasted into a public ticket"));
        // Managed: the new password is set at the server first, so the rotation ends a step later.
        await Eventually(async () => (await node.Ask<SecretStatus>(new GetStatus(path))).LastRotation is { Status: RotationStatus.Success } last
                                     && last.RotationId == started.RotationId, "emergency rotation done");
        await Eventually(async () => !(await node.Backend.TryLoginAsync(old, default)).Success, "compromised login retired");
        await using (var ping = new NpgsqlCommand("SELECT 1", session))
            await Assert.ThrowsAnyAsync<Exception>(() => ping.ExecuteScalarAsync());
        await session.DisposeAsync();
        var current = ManagedCredential.Parse((await node.Ask<SecretRead>(new GetSecret(path, VersionSelector.Current, true))).Value!)!;
        Assert.True((await node.Backend.TryLoginAsync(current, default)).Success);
        var history = await node.Ask<SecretHistory>(new GetHistory(path));
        Assert.Contains(history.Events, e => e.Summary.Contains("declared compromised", StringComparison.Ordinal));
    }

    private async Task<object?> Admin(Node node, string sql)
    {
        await using var admin = new NpgsqlConnection(pg.Server.ConnectionString(node.Backend.Info.Database!));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        return await command.ExecuteScalarAsync();
    }
}
