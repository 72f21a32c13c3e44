using System.Text.Json;
using HarombeActors.Cli.Tests.Support;
using Npgsql;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// Managed credentials through the real CLI and host processes, against real PostgreSQL and Redis servers: created and
/// rotated at the target, refused when given by hand or malformed, and never written anywhere as plaintext.
/// </summary>
public class ManagedCredentialTests(BackendHost host) : IClassFixture<BackendHost>
{
    private async Task<JsonElement> Reveal(string path, string version = "current") =>
        JsonDocument.Parse(HostProcess.Json(await host.RunAsync("secret", "get", path, "--version", version, "--reveal", "--json")).GetProperty("value").GetString()!).RootElement;

    private async Task<bool> PostgresLogin(JsonElement credential)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = credential.GetProperty("host").GetString(), Port = credential.GetProperty("port").GetInt32(),
            Database = credential.GetProperty("database").GetString(), Username = credential.GetProperty("username").GetString(),
            Password = credential.GetProperty("password").GetString(), Pooling = false,
        };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_managed_postgres_credential_is_created_logged_in_with_and_rotated_at_the_server()
    {
        const string path = "/managed/cli-pg";
        var put = await host.RunAsync("secret", "put", path, "--backend", "pg", "--username", "orders", "--json");
        Assert.True(put.ExitCode == 0, put.ToString());
        var first = await Reveal(path);
        Assert.Equal("orders_a", first.GetProperty("username").GetString());
        Assert.Equal(host.Postgres.Port, first.GetProperty("port").GetInt32());
        Assert.True(await PostgresLogin(first));

        var rotate = await host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--json");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        Assert.True(HostProcess.Json(rotate).GetProperty("verificationPassed").GetBoolean());
        var second = await Reveal(path);
        Assert.Equal("orders_b", second.GetProperty("username").GetString());
        Assert.True(await PostgresLogin(second));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await PostgresLogin(first)) Assert.True(DateTime.UtcNow < deadline, "the old login was never retired");

        // The status says where the credential lives and what the server sees: an open session as the new login counts.
        var b = second;
        await using (var session = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = host.Postgres.Port, Database = b.GetProperty("database").GetString(),
            Username = b.GetProperty("username").GetString(), Password = b.GetProperty("password").GetString(), Pooling = false,
        }.ConnectionString))
        {
            await session.OpenAsync();
            var managed = HostProcess.Json(await host.RunAsync("secret", "status", path, "--json")).GetProperty("managed");
            Assert.Equal("pg", managed.GetProperty("backend").GetString());
            Assert.Equal("orders_b", managed.GetProperty("armed").EnumerateArray().Single(a => a.GetProperty("version").GetInt32() == 2).GetProperty("login").GetString());
            Assert.Equal(1, managed.GetProperty("sessions").GetProperty("orders_b").GetInt32());
            var human = await host.RunAsync("secret", "status", path);
            Assert.Contains("v2 orders_b (1 sessions)", human.Stdout);
            // The consumer list shows it too: a consumer the system knows only from the server.
            var consumers = HostProcess.Json(await host.RunAsync("secret", "consumers", path, "--json"));
            Assert.Equal(1, consumers.GetProperty("managed").GetProperty("sessions").GetProperty("orders_b").GetInt32());
            Assert.Contains("at the server (pg): ", (await host.RunAsync("secret", "consumers", path)).Stdout);
        }

        var history = await host.RunAsync("secret", "history", path, "--json");
        Assert.Contains("TargetArmed", history.Stdout);
        Assert.Contains("TargetRetired", history.Stdout);
        Assert.DoesNotContain(first.GetProperty("password").GetString()!, history.Stdout);
        Assert.DoesNotContain(second.GetProperty("password").GetString()!, host.Postgres.Log());
        Assert.DoesNotContain(second.GetProperty("password").GetString()!, host.Tail);
    }

    [Fact]
    public async Task A_managed_redis_user_keeps_both_passwords_in_dual_mode_and_loses_the_old_one_after()
    {
        const string path = "/managed/cli-redis";
        Assert.Equal(0, (await host.RunAsync("secret", "put", path, "--backend", "cache", "--username", "sessions")).ExitCode);
        var first = await Reveal(path);
        Assert.Equal("sessions", first.GetProperty("username").GetString());
        Assert.True(await RedisAuth(first));
        var rotate = await host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--json");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        var second = await Reveal(path);
        Assert.True(await RedisAuth(second));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await RedisAuth(first)) Assert.True(DateTime.UtcNow < deadline, "the old password was never removed");
        Assert.True(await RedisAuth(second));
    }

    [Fact]
    public async Task Verify_is_a_dry_run_and_a_preflight_that_fails_starts_nothing()
    {
        const string path = "/managed/verify";
        Assert.Equal(0, (await host.RunAsync("secret", "put", path, "--backend", "pg", "--username", "dryrun")).ExitCode);
        var before = HostProcess.Json(await host.RunAsync("secret", "history", path, "--json")).GetProperty("events").GetArrayLength();
        var changes = host.Postgres.Log().Split('\n').Count(l => l.Contains("ALTER ROLE", StringComparison.Ordinal));

        var verify = await host.RunAsync("secret", "verify", path, "--json");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var results = HostProcess.Json(verify).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["backend:pg:admin", "backend:pg"], results.Select(r => r.GetProperty("name").GetString()));
        Assert.All(results, r => Assert.True(r.GetProperty("success").GetBoolean(), r.ToString()));
        Assert.Equal(before, HostProcess.Json(await host.RunAsync("secret", "history", path, "--json")).GetProperty("events").GetArrayLength());
        Assert.Equal(changes, host.Postgres.Log().Split('\n').Count(l => l.Contains("ALTER ROLE", StringComparison.Ordinal)));

        var unknown = await host.RunAsync("secret", "verify", path, "--verify", "no-such-test");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("verify", unknown.Stderr + unknown.Stdout);

        // A login role the backend no longer recognises as its own: the dry run says so, and a preflighted rotation starts nothing.
        await using (var admin = new NpgsqlConnection(host.Database))
        {
            await admin.OpenAsync();
            await using var unmark = new NpgsqlCommand("COMMENT ON ROLE dryrun_b IS NULL", admin);
            await unmark.ExecuteNonQueryAsync();
        }
        Assert.Equal(1, (await host.RunAsync("secret", "verify", path)).ExitCode);
        var rotate = await host.RunAsync("secret", "rotate", path, "--strategy", "blue-green", "--preflight");
        Assert.Equal(1, rotate.ExitCode);
        Assert.Contains("preflight failed", rotate.Stderr + rotate.Stdout);
        Assert.Equal(before, HostProcess.Json(await host.RunAsync("secret", "history", path, "--json")).GetProperty("events").GetArrayLength());
    }

    [Theory]
    [InlineData("nope", "orders", "backend")]
    [InlineData("pg", "Orders", "username")]
    [InlineData("pg", "orders_with_a_name_far_too_long_for_postgres_once_the_suffix_is_on", "username")]
    [InlineData("cache", "default", "username")]
    public async Task Bad_creation_requests_name_the_field_and_write_nothing(string backend, string username, string field)
    {
        var path = $"/managed/bad/{Guid.NewGuid():N}";
        var run = await host.RunAsync("secret", "put", path, "--backend", backend, "--username", username, "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(field, run.Stdout + run.Stderr);
        Assert.NotEqual(0, (await host.RunAsync("secret", "status", path)).ExitCode);
        await using var admin = new NpgsqlConnection(host.Database);
        await admin.OpenAsync();
        await using var roles = new NpgsqlCommand("SELECT count(*) FROM pg_roles WHERE rolname ILIKE $1", admin) { Parameters = { new() { Value = username + "%" } } };
        Assert.Equal(0L, await roles.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_value_written_by_hand_to_a_managed_secret_is_refused()
    {
        const string path = "/managed/by-hand";
        Assert.Equal(0, (await host.RunAsync("secret", "put", path, "--backend", "pg", "--username", "byhand")).ExitCode);
        var put = await host.PipeAsync("typed-by-hand", "secret", "put", path);
        Assert.Equal(2, put.ExitCode);
        Assert.Contains("managed by backend 'pg'", put.Stderr + put.Stdout);
        var generated = await host.RunAsync("secret", "rotate", path, "--generate", "hex");
        Assert.Equal(2, generated.ExitCode);
        Assert.Equal(1, HostProcess.Json(await host.RunAsync("secret", "status", path, "--json")).GetProperty("currentVersion").GetInt32());
    }

    private async Task<bool> RedisAuth(JsonElement credential) =>
        (await Backends.RedisAuth.TryAsync("127.0.0.1", host.Redis.Port, credential.GetProperty("username").GetString()!, credential.GetProperty("password").GetString()!, default)).Accepted;
}
