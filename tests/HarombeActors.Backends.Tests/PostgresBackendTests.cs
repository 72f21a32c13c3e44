using HarombeActors.Actors.Targets;
using HarombeActors.Domain.Targets;
using Npgsql;

namespace HarombeActors.Backends.Tests;

/// <summary>The group-role pattern against a real PostgreSQL server, and what its statement log shows (never a password).</summary>
[Collection(PostgresCollection.Name)]
public class PostgresBackendTests(PostgresFixture pg)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private async Task<(PostgresBackend Backend, string Database)> NewBackendAsync(bool terminateSessions = false)
    {
        var database = await pg.Server.CreateDatabaseAsync();
        return (new PostgresBackend("pg", database, terminateSessions), database);
    }

    private static string Unique() => "app_" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Prepare_creates_the_group_and_two_login_roles_and_objects_stay_owned_by_the_group()
    {
        var (backend, database) = await NewBackendAsync();
        await using var _ = backend;
        var user = Unique();
        var first = ManagedCredential.Generate(user + "_a", backend.Info);
        var prepared = await TargetSteps.PrepareAsync(backend, user, first, Timeout, default);
        Assert.True(prepared.Success, prepared.Message);
        Assert.True((await backend.TryLoginAsync(first, default)).Success);

        await using (var admin = new NpgsqlConnection(database))
        {
            await admin.OpenAsync();
            await using var grant = new NpgsqlCommand($"GRANT CREATE ON SCHEMA public TO \"{user}\"", admin);
            await grant.ExecuteNonQueryAsync();
        }
        var b = first with { Username = user + "_b", Password = ManagedCredential.Generate("x", backend.Info).Password };
        Assert.False((await backend.TryLoginAsync(b, default)).Success);
        await using (var login = new NpgsqlConnection(Connection(backend, first)))
        {
            await login.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE t_owned (id int)", login);
            await create.ExecuteNonQueryAsync();
            await using var owner = new NpgsqlCommand("SELECT tableowner FROM pg_tables WHERE tablename = 't_owned'", login);
            Assert.Equal(user, await owner.ExecuteScalarAsync());
        }
        // Preparing again (a creation retried after a crash) reuses the roles instead of failing.
        Assert.True((await TargetSteps.PrepareAsync(backend, user, first, Timeout, default)).Success);
    }

    [Fact]
    public async Task Both_logins_work_in_dual_mode_and_a_retired_one_is_refused()
    {
        var (backend, _) = await NewBackendAsync();
        await using var _b = backend;
        var user = Unique();
        var a = ManagedCredential.Generate(user + "_a", backend.Info);
        var b = ManagedCredential.Generate(user + "_b", backend.Info);
        Assert.True((await TargetSteps.PrepareAsync(backend, user, a, Timeout, default)).Success);

        var armed = await TargetSteps.ArmAsync(backend, user, b, Timeout, default);
        Assert.True(armed.Success, armed.Message);
        Assert.False(armed.AlreadyAccepted);
        Assert.True((await backend.TryLoginAsync(a, default)).Success);
        Assert.True((await backend.TryLoginAsync(b, default)).Success);
        // The same step again (resumed after a crash) finds the target accepting the candidate and changes nothing.
        Assert.True((await TargetSteps.ArmAsync(backend, user, b, Timeout, default)).AlreadyAccepted);

        Assert.True((await TargetSteps.RetireAsync(backend, user, a, Timeout, default)).Success);
        var refused = await backend.TryLoginAsync(a, default);
        Assert.False(refused.Success);
        Assert.DoesNotContain(a.Password, refused.Message);
        Assert.True((await backend.TryLoginAsync(b, default)).Success);
        Assert.True((await TargetSteps.RetireAsync(backend, user, a, Timeout, default)).Success);

        var log = pg.Server.Log();
        Assert.Contains("SCRAM-SHA-256$", log);
        Assert.DoesNotContain(a.Password, log);
        Assert.DoesNotContain(b.Password, log);
    }

    [Fact]
    public async Task A_retired_role_keeps_its_open_session_unless_sessions_are_terminated()
    {
        foreach (var terminate in new[] { false, true })
        {
            var (backend, _) = await NewBackendAsync(terminate);
            await using var _b = backend;
            var user = Unique();
            var a = ManagedCredential.Generate(user + "_a", backend.Info);
            Assert.True((await TargetSteps.PrepareAsync(backend, user, a, Timeout, default)).Success);
            await using var session = new NpgsqlConnection(Connection(backend, a));
            await session.OpenAsync();
            Assert.Equal(1, (await backend.SessionsAsync(user, default)).GetValueOrDefault(user + "_a"));

            Assert.True((await TargetSteps.RetireAsync(backend, user, a, Timeout, default)).Success);
            await using var ping = new NpgsqlCommand("SELECT 1", session);
            if (terminate)
            {
                await Assert.ThrowsAnyAsync<Exception>(() => ping.ExecuteScalarAsync());
                Assert.Equal(0, (await backend.SessionsAsync(user, default)).GetValueOrDefault(user + "_a"));
            }
            else Assert.Equal(1, await ping.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task A_wrong_admin_password_or_an_unreachable_server_fails_the_step_in_time_and_names_no_password()
    {
        var database = await pg.Server.CreateDatabaseAsync();
        var wrong = new NpgsqlConnectionStringBuilder(database) { Password = "not-the-admin-password" }.ConnectionString;
        await using var backend = new PostgresBackend("pg", wrong);
        var a = ManagedCredential.Generate("app_a", backend.Info);
        var failed = await TargetSteps.PrepareAsync(backend, "app", a, Timeout, default);
        Assert.False(failed.Success);
        Assert.Contains("28P01", failed.Message);
        Assert.DoesNotContain(a.Password, failed.Message);
        Assert.DoesNotContain("not-the-admin-password", failed.Message);

        // A port where nothing answers the protocol: a listener that accepts and never speaks.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        await using var hanging = new PostgresBackend("pg", $"Host=127.0.0.1;Port={port};Username=x;Password=y;Database=z;Timeout=30");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var timedOut = await TargetSteps.ArmAsync(hanging, "app", a, TimeSpan.FromSeconds(1), default);
        Assert.False(timedOut.Success);
        Assert.Contains("did not answer", timedOut.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_role_the_backend_did_not_create_for_that_username_is_never_adopted()
    {
        var (backend, database) = await NewBackendAsync();
        await using var _b = backend;
        // The admin role itself, as the group: granting it to a login role whose password the secret reveals would hand
        // the admin's rights to every reader of the secret.
        var admin = await TargetSteps.PrepareAsync(backend, TestSupport.PostgresServer.User, ManagedCredential.Generate(TestSupport.PostgresServer.User + "_a", backend.Info), Timeout, default);
        Assert.False(admin.Success);
        Assert.Contains("exists already", admin.Message);

        // Another application's role, made by hand.
        var user = Unique();
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE ROLE \"{user}_b\" LOGIN PASSWORD 'theirs'", connection);
            await create.ExecuteNonQueryAsync();
        }
        Assert.False((await TargetSteps.PrepareAsync(backend, user, ManagedCredential.Generate(user + "_a", backend.Info), Timeout, default)).Success);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var members = new NpgsqlCommand($"SELECT count(*) FROM pg_roles WHERE rolname IN ('{user}', '{user}_a')", connection);
            Assert.Equal(0L, await members.ExecuteScalarAsync()); // rolled back: nothing was created
        }
    }

    [Fact]
    public async Task Only_the_usernames_own_login_roles_are_ever_touched()
    {
        var (backend, _) = await NewBackendAsync();
        await using var _b = backend;
        var foreign = ManagedCredential.Generate("postgres", backend.Info);
        var refused = await TargetSteps.ArmAsync(backend, "app", foreign, Timeout, default);
        Assert.False(refused.Success);
        Assert.Contains("not one of app's login roles", refused.Message);
        Assert.False((await TargetSteps.PrepareAsync(backend, "App\"; DROP ROLE x; --", foreign with { Username = "x" }, Timeout, default)).Success);
    }

    private static string Connection(PostgresBackend backend, ManagedCredential credential) =>
        new NpgsqlConnectionStringBuilder { Host = backend.Info.Host, Port = backend.Info.Port, Database = backend.Info.Database, Username = credential.Username, Password = credential.Password, Pooling = false }.ConnectionString;
}
