using System.Net;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Verification;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.Targets;
using HarombeActors.Domain.Values;
using Npgsql;

namespace HarombeActors.Backends.Tests;

/// <summary>The built-in verification tests against real servers: each passes only with the right credential, and says why not.</summary>
[Collection(PostgresCollection.Name)]
public class BuiltInCheckTests(PostgresFixture pg)
{
    private static readonly SecretPath Path = SecretPath.Parse("/checks/x");

    private static async Task<CheckOutcome> Run(IVerificationTest test, string candidate) =>
        (await VerificationRunner.RunAsync([test], new VerificationContext(Path, 2, SecretValue.Create(candidate)), TimeSpan.FromSeconds(10), default)).Single();

    [Fact]
    public async Task Postgres_login_checks_a_bare_password_with_the_configured_user()
    {
        var database = await pg.Server.CreateDatabaseAsync();
        var builder = new NpgsqlConnectionStringBuilder(database);
        await using (var admin = new NpgsqlConnection(database))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE ROLE plain_login LOGIN PASSWORD 'right-password-123'", admin);
            await create.ExecuteNonQueryAsync();
        }
        var test = BuiltInChecks.Create("db", new CheckOptions { Kind = "postgres-login", Host = builder.Host, Port = builder.Port, Database = builder.Database, Username = "plain_login" });
        Assert.True((await Run(test, "right-password-123")).Success);
        var wrong = await Run(test, "wrong-password-456");
        Assert.False(wrong.Success);
        Assert.Contains("28P01", wrong.Message);
        Assert.DoesNotContain("wrong-password-456", wrong.Message);
    }

    [Fact]
    public async Task Http_passes_on_a_2xx_answer_to_the_candidate_as_bearer_token_and_tcp_only_on_a_connection()
    {
        var port = Actors.Hosting.EmbeddedNode.FreeLoopbackPort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (HttpListenerException) { return; }
                catch (ObjectDisposedException) { return; }
                context.Response.StatusCode = context.Request.Headers["Authorization"] == "Bearer good-token-0001" ? 200 : 401;
                context.Response.Close();
            }
        });
        var http = BuiltInChecks.Create("api", new CheckOptions { Kind = "http", Url = $"http://127.0.0.1:{port}/whoami" });
        Assert.True((await Run(http, "good-token-0001")).Success);
        var refused = await Run(http, "bad-token-0002");
        Assert.False(refused.Success);
        Assert.Contains("401", refused.Message);
        listener.Stop();

        var tcp = BuiltInChecks.Create("port", new CheckOptions { Kind = "tcp", Host = "127.0.0.1", Port = pg.Server.Port });
        Assert.True((await Run(tcp, "anything-at-all")).Success);
        var closed = BuiltInChecks.Create("closed", new CheckOptions { Kind = "tcp", Host = "127.0.0.1", Port = Actors.Hosting.EmbeddedNode.FreeLoopbackPort() });
        Assert.False((await Run(closed, "anything-at-all")).Success);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Command_gets_the_candidate_in_its_environment_and_passes_on_exit_0()
    {
        var dir = Directory.CreateTempSubdirectory("harombe-check-").FullName;
        try
        {
            var script = System.IO.Path.Combine(dir, "check.sh");
            await File.WriteAllTextAsync(script, "#!/bin/sh\necho \"checking $HAROMBE_PASSWORD\"\n[ \"$HAROMBE_PASSWORD\" = right-password-123 ]\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            var test = BuiltInChecks.Create("cmd", new CheckOptions { Kind = "command", Program = script });
            Assert.True((await Run(test, "right-password-123")).Success);
            var wrong = await Run(test, "wrong-password-456");
            Assert.False(wrong.Success);
            Assert.Equal("exited 1: checking ********", wrong.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("http", "Url", "http://example.com/whoami")]
    [InlineData("tcp", "Host", null)]
    [InlineData("ldap", "Kind", null)]
    public void A_test_that_cannot_work_stops_the_host_naming_the_setting(string kind, string key, string? url)
    {
        var refused = Assert.Throws<HarombeConfigurationException>(() => BuiltInChecks.Create("t", new CheckOptions { Kind = kind, Url = url }));
        Assert.StartsWith($"Harombe:Verification:t:{key}", refused.Message);
    }
}
