using System.Diagnostics;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Actors.Targets;
using HarombeActors.Backends;
using HarombeActors.Client;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Targets;
using HarombeActors.Domain.Values;
using HarombeActors.Showcase;
using HarombeActors.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HarombeActors.ZeroDowntime;

/// <summary>
/// The harness against a real server: a managed credential on a private PostgreSQL (or Redis) server, rotated M times by
/// each strategy while N clients from the client library log in with the credential they hold, without pause. PostgreSQL:
/// half the clients open a fresh connection per request (pooling off), half take one from a pool per credential. Redis:
/// AUTH on a fresh connection per request. Every refused login is a failure. PostgreSQL also runs the single-user
/// comparison: one role whose password is changed in place, the new value then written to a secret the clients follow.
/// </summary>
public static class RealTargets
{
    private static readonly Principal Ops = new("harness");

    public static async Task<int> RunAsync(string[] args)
    {
        var postgres = args[0] == "postgres";
        var clientCount = args.Length > 1 ? int.Parse(args[1]) : 8;
        var rotations = args.Length > 2 ? int.Parse(args[2]) : 5;
        await using var pg = postgres ? await PostgresServer.StartAsync() : null;
        await using var redis = postgres ? null : await RedisServer.StartAsync();
        var database = pg is null ? null : await pg.CreateDatabaseAsync();
        ICredentialBackend real = pg is not null ? new PostgresBackend("target", database!) : new RedisBackend("target", $"{redis!.Endpoint},password={redis.AdminPassword}");
        var backend = new TimedBackend(real);
        var dir = Directory.CreateTempSubdirectory("harombe-zd-real-").FullName;
        var node = await EmbeddedNode.StartAsync(
            new HarombeOptions { Port = EmbeddedNode.FreeLoopbackPort(), DataDir = dir, ActorSystemName = "harombe-zd-real" },
            services: s => s.AddSingleton<ICredentialBackend>(backend),
            akka: akka => akka.AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend));
        try
        {
            async Task<T> Ask<T>(ISecretMessage m) => await node.Region.Ask<ISecretReply>(m, TimeSpan.FromSeconds(60)) switch
            {
                T t => t,
                var other => throw new InvalidOperationException($"{m.GetType().Name}: {other}"),
            };
            var path = SecretPath.Parse("/harness/db");
            await Ask<SecretWriteAccepted>(new CreateManagedSecret(path, "target", "app", Ops));
            var clients = Enumerable.Range(1, clientCount).Select(i => LocalConsumers.Start(node.System, node.Region, path, $"client-{i:00}", ConsumerRole.Client)).ToList();
            await LocalConsumers.Until(() => Task.FromResult(clients.All(c => c.Current is not null)), TimeSpan.FromSeconds(30), "clients did not read the credential");

            Console.WriteLine($"zero-downtime harness, real target: {(postgres ? "PostgreSQL" : "Redis")} on loopback, {clientCount} clients "
                              + $"({(postgres ? "half a fresh connection per login, half pooled" : "AUTH on a fresh connection per login")}), {rotations} rotations per strategy, {Environment.ProcessorCount} cores");
            Console.WriteLine();
            Console.WriteLine("| strategy | logins | failed logins | rotation ms p50 |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var strategy in new[] { RotationStrategy.DualWrite, RotationStrategy.BlueGreen, RotationStrategy.Staged, RotationStrategy.Immediate })
            {
                await using var traffic = Traffic.Start(clients, postgres);
                var durations = new List<double>();
                for (var i = 0; i < rotations; i++)
                {
                    var watch = Stopwatch.StartNew();
                    var result = (await Ask<RotationOutcome>(new RotateSecret(path, Ops, new RotationPolicy { Strategy = strategy, RequireVerification = false, MigrationTimeout = TimeSpan.FromSeconds(60) }))).Result;
                    durations.Add(watch.Elapsed.TotalMilliseconds);
                    if (!result.Success) throw new InvalidOperationException($"{strategy.Name()} rotation failed: {result.Error}");
                    await LocalConsumers.Until(() => Task.FromResult(clients.All(c => c.Current!.Version == result.NewVersion)), TimeSpan.FromSeconds(30), "clients did not move");
                    // Past the retirement grace, so the old credential is gone at the server before the next rotation.
                    await Task.Delay(TimeSpan.FromSeconds(6));
                }
                var (logins, failed) = await traffic.StopAsync();
                Console.WriteLine($"| {strategy.Name()} (managed) | {logins:N0} | {failed:N0} | {Median(durations)} |");
            }
            if (pg is not null) await SingleUserAsync(node, database!, clientCount, rotations);
            Console.WriteLine();
            Console.WriteLine("| step at the server | calls | ms p50 | ms max |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var (step, times) in backend.Steps.OrderBy(s => s.Key))
                Console.WriteLine($"| {step} | {times.Count} | {Median([.. times])} | {times.Max():0.0} |");
            return 0;
        }
        finally
        {
            await node.DisposeAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// The documented comparison: one role, its password changed in place, then the new value written to a secret the
    /// clients follow (the fastest a client can learn of it here). Between the two, every login with the old one fails.
    /// </summary>
    private static async Task SingleUserAsync(EmbeddedNode node, string database, int clientCount, int rotations)
    {
        var path = SecretPath.Parse("/harness/single-user");
        var admin = new NpgsqlConnectionStringBuilder(database);
        var info = new BackendInfo(TargetKind.Postgres, admin.Host!, admin.Port, admin.Database);
        async Task Admin(string sql)
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        var first = ManagedCredential.Generate("single", info);
        await Admin($"CREATE ROLE single LOGIN PASSWORD '{ScramVerifier.Compute(first.Password)}'");
        await node.Region.Ask<ISecretReply>(new WriteSecret(path, first.ToValue(), Ops), TimeSpan.FromSeconds(30));
        var clients = Enumerable.Range(1, clientCount).Select(i => LocalConsumers.Start(node.System, node.Region, path, $"single-{i:00}", ConsumerRole.Client)).ToList();
        await LocalConsumers.Until(() => Task.FromResult(clients.All(c => c.Current is not null)), TimeSpan.FromSeconds(30), "clients did not read the credential");
        await using var traffic = Traffic.Start(clients, postgres: true);
        var durations = new List<double>();
        for (var i = 0; i < rotations; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var next = ManagedCredential.Generate("single", info);
            var watch = Stopwatch.StartNew();
            await Admin($"ALTER ROLE single PASSWORD '{ScramVerifier.Compute(next.Password)}'");
            var written = (SecretWriteAccepted)await node.Region.Ask<ISecretReply>(new WriteSecret(path, next.ToValue(), Ops), TimeSpan.FromSeconds(30));
            durations.Add(watch.Elapsed.TotalMilliseconds);
            await LocalConsumers.Until(() => Task.FromResult(clients.All(c => c.Current!.Version == written.Version)), TimeSpan.FromSeconds(30), "clients did not move");
        }
        var (logins, failed) = await traffic.StopAsync();
        Console.WriteLine($"| single user, in place (comparison) | {logins:N0} | {failed:N0} | {Median(durations)} |");
    }

    private static string Median(List<double> values) => values.Count == 0 ? "n/a" : $"{values.Order().ElementAt(values.Count / 2):0.0}";

    /// <summary>Every client logs in without pause with the credential it holds until stopped.</summary>
    private sealed class Traffic : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _loops = [];
        private long _logins;
        private long _failed;

        public static Traffic Start(IReadOnlyList<SecretCredentials> clients, bool postgres)
        {
            var traffic = new Traffic();
            for (var i = 0; i < clients.Count; i++)
            {
                var (client, pooled) = (clients[i], postgres && i % 2 == 1);
                traffic._loops.Add(Task.Run(() => traffic.LoopAsync(client, postgres, pooled)));
            }
            return traffic;
        }

        private async Task LoopAsync(SecretCredentials client, bool postgres, bool pooled)
        {
            // A pooled client rebuilds its pool when its credential changes and closes the old one, as an application
            // would: the old login's sessions end, which is what lets the server retire it.
            (string Password, NpgsqlDataSource Pool)? pool = null;
            while (!_stop.IsCancellationRequested)
            {
                var held = ManagedCredential.Parse(client.Current!.Current)!;
                if (pooled && pool?.Password != held.Password)
                {
                    if (pool is { } old) await old.Pool.DisposeAsync();
                    pool = (held.Password, NpgsqlDataSource.Create(Builder(held, pooling: true)));
                }
                try
                {
                    if (!postgres) await RedisAuthAsync(held);
                    else if (pool is { } p) await PooledAsync(p.Pool);
                    else await FreshAsync(held);
                    Interlocked.Increment(ref _logins);
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException or SocketException)
                {
                    Interlocked.Increment(ref _failed);
                }
            }
            if (pool is { } last) await last.Pool.DisposeAsync();
        }

        private static async Task FreshAsync(ManagedCredential held)
        {
            await using var connection = new NpgsqlConnection(Builder(held, pooling: false).ConnectionString);
            await connection.OpenAsync();
        }

        private static async Task PooledAsync(NpgsqlDataSource pool)
        {
            await using var connection = await pool.OpenConnectionAsync();
            await using var ping = new NpgsqlCommand("SELECT 1", connection);
            await ping.ExecuteScalarAsync();
        }

        private static NpgsqlConnectionStringBuilder Builder(ManagedCredential held, bool pooling) =>
            new() { Host = held.Host, Port = held.Port, Database = held.Database, Username = held.Username, Password = held.Password, Pooling = pooling, MaxPoolSize = 4 };

        private static async Task RedisAuthAsync(ManagedCredential held)
        {
            if (!(await RedisAuth.TryAsync(held.Host, held.Port, held.Username, held.Password, default, whoAmI: false)).Accepted)
                throw new InvalidOperationException("AUTH refused");
        }

        public async Task<(long Logins, long Failed)> StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_loops);
            return (Interlocked.Read(ref _logins), Interlocked.Read(ref _failed));
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested) await StopAsync();
            _stop.Dispose();
        }
    }
}
