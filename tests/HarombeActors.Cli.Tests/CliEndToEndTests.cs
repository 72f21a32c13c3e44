using Akka.Actor;
using Akka.TestKit.Xunit2;
using HarombeActors.Cli.Tests.Support;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Ids;

namespace HarombeActors.Cli.Tests;

/// <summary>The real CLI process against a real host process (shared by the tests of this class; each uses its own paths).</summary>
public class CliEndToEndTests(HostProcess host) : IClassFixture<HostProcess>
{
    private static Task<CliRun> Cli(string[] args) => Processes.RunCliAsync(args);

    /// <summary>One consumer "svc-1" on v1, heartbeating from the client node; returns once the host lists it.</summary>
    private async Task<Akka.TestKit.TestProbe> RegisterConsumer(Actors.Hosting.EmbeddedNode client, string path)
    {
        var kit = new TestKit(client.System);
        var consumer = kit.CreateTestProbe();
        client.Region.Tell(new Heartbeat(SecretPath.Parse(path), "svc-1", 1, DateTimeOffset.UtcNow, consumer.Ref));
        await kit.AwaitAssertAsync(async () =>
            Assert.Single(HostProcess.Json(await host.RunAsync("secret", "consumers", path, "--json")).GetProperty("consumers").EnumerateArray()),
            TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200));
        return consumer;
    }

    [Fact]
    public async Task Put_then_get_masked_and_revealed()
    {
        var put = await host.PipeAsync("s3cr3t-put-value\n", "secret", "put", "/e2e/put", "--json");
        Assert.True(put.ExitCode == 0, put.ToString());
        Assert.Equal(1, HostProcess.Json(put).GetProperty("version").GetInt32());

        var masked = await host.RunAsync("secret", "get", "/e2e/put");
        Assert.Equal(0, masked.ExitCode);
        Assert.DoesNotContain("s3cr3t-put-value", masked.Stdout);
        Assert.Contains("********", masked.Stdout);

        var revealed = HostProcess.Json(await host.RunAsync("secret", "get", "/e2e/put", "--reveal", "--json"));
        Assert.Equal("/e2e/put", revealed.GetProperty("secretPath").GetString());
        Assert.Equal(1, revealed.GetProperty("version").GetInt32());
        Assert.Equal("s3cr3t-put-value", revealed.GetProperty("value").GetString());

        var generated = await host.RunAsync("secret", "put", "/e2e/generated", "--generate", "hex", "--length", "40", "--json");
        Assert.Equal(0, generated.ExitCode);
        Assert.Equal(40, HostProcess.Json(await host.RunAsync("secret", "get", "/e2e/generated", "--reveal", "--json")).GetProperty("value").GetString()!.Length);
    }

    [Theory]
    [InlineData("immediate")]
    [InlineData("staged")]
    [InlineData("dual-write")]
    [InlineData("blue-green")]
    public async Task Every_strategy_rotates_through_the_cli(string strategy)
    {
        var path = $"/e2e/rotate/{strategy}";
        Assert.Equal(0, (await host.PipeAsync("v1-value", "secret", "put", path)).ExitCode);
        var run = await host.RunAsync("secret", "rotate", path, "--strategy", strategy, "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var r = HostProcess.Json(run);
        foreach (var field in new[] { "rotationId", "success", "secretPath", "strategy", "status", "oldVersion", "newVersion", "startedAt", "completedAt",
                     "durationMs", "verificationPassed", "rollbackPerformed", "error", "consumersMigrated", "consumersTotal" })
            Assert.True(r.TryGetProperty(field, out _), field);
        Assert.True(r.GetProperty("success").GetBoolean());
        Assert.Equal(strategy, r.GetProperty("strategy").GetString());
        Assert.Equal("success", r.GetProperty("status").GetString());
        Assert.Equal(2, r.GetProperty("newVersion").GetInt32());
        Assert.True(r.GetProperty("durationMs").GetDouble() > 0);
    }

    [Fact]
    public async Task Rollback_history_and_status()
    {
        const string path = "/e2e/rollback";
        await host.PipeAsync("rb-v1", "secret", "put", path);
        await host.RunAsync("secret", "rotate", path, "--strategy", "blue-green");
        var rollback = await host.RunAsync("secret", "rollback", path, "--json");
        Assert.Equal(0, rollback.ExitCode);
        Assert.True(HostProcess.Json(rollback).GetProperty("rollbackPerformed").GetBoolean());
        Assert.Equal("rb-v1", HostProcess.Json(await host.RunAsync("secret", "get", path, "--reveal", "--json")).GetProperty("value").GetString());
        Assert.Equal("rb-v1", HostProcess.Json(await host.RunAsync("secret", "get", path + ".blue", "--reveal", "--json")).GetProperty("value").GetString());

        var status = HostProcess.Json(await host.RunAsync("secret", "status", path, "--json"));
        Assert.Equal(1, status.GetProperty("currentVersion").GetInt32());
        Assert.Equal("blue", status.GetProperty("activeEnvironment").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, status.GetProperty("rotation").ValueKind);
        Assert.Equal(0, status.GetProperty("consumers").GetProperty("total").GetInt32());

        var history = HostProcess.Json(await host.RunAsync("secret", "history", path, "--json"));
        var events = history.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal("SecretWritten", events[0].GetProperty("type").GetString());
        Assert.Equal("RolledBack", events[^1].GetProperty("type").GetString());
        Assert.Contains("by operator", events[^1].GetProperty("summary").GetString());
        Assert.All(events, e => Assert.DoesNotContain("rb-v1", e.GetProperty("summary").GetString()));
    }

    [Fact]
    public async Task Conflict_consumers_cancel_and_concurrent_rotations()
    {
        const string path = "/e2e/conflict";
        await host.PipeAsync("c-v1", "secret", "put", path);
        await using var client = await ClientNode.JoinAsync(host);
        await RegisterConsumer(client, path);

        // Two concurrent rotations of one secret: exactly one starts, the other is a conflict (exit 4).
        var both = await Task.WhenAll(
            host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "120s", "--no-wait", "--json"),
            host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "120s", "--no-wait", "--json"));
        Assert.Equal([0, 4], both.Select(r => r.ExitCode).Order());
        var conflict = both.Single(r => r.ExitCode == 4);
        Assert.Contains("Rotation already in progress", HostProcess.Json(conflict).GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("conflict", HostProcess.Json(conflict).GetProperty("error").GetProperty("code").GetString());

        var consumers = HostProcess.Json(await host.RunAsync("secret", "consumers", path, "--json")).GetProperty("consumers").EnumerateArray().Single();
        Assert.Equal("svc-1", consumers.GetProperty("consumerId").GetString());
        Assert.Equal(1, consumers.GetProperty("secretVersion").GetInt32());
        Assert.Equal("migrating", consumers.GetProperty("migrationStatus").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, consumers.GetProperty("lastHeartbeat").ValueKind);

        var cancel = await host.RunAsync("secret", "cancel", path, "--json");
        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.Equal("rolled_back", HostProcess.Json(cancel).GetProperty("status").GetString());
        Assert.Equal("c-v1", HostProcess.Json(await host.RunAsync("secret", "get", path, "--reveal", "--json")).GetProperty("value").GetString());
    }

    [Fact]
    public async Task Consumers_of_a_secret_with_two_thousand_consumers_come_back_whole()
    {
        // A list this long is ~250 kB on the wire; the default 128 kB remoting frame dropped it without a word.
        const string path = "/e2e/many-consumers";
        await host.PipeAsync("m-v1", "secret", "put", path);
        await using var client = await ClientNode.JoinAsync(host);
        var sink = new TestKit(client.System).CreateTestProbe();
        for (var i = 0; i < 2_000; i++) client.Region.Tell(new Heartbeat(SecretPath.Parse(path), $"svc-{i:0000}", 1, DateTimeOffset.UtcNow, sink.Ref));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var run = await host.RunAsync("secret", "consumers", path, "--json");
            Assert.True(run.ExitCode == 0, run.ToString());
            if (HostProcess.Json(run).GetProperty("consumers").GetArrayLength() == 2_000) break;
            Assert.True(DateTime.UtcNow < deadline, "the 2,000 consumers never showed up whole");
        }
    }

    [Fact]
    public async Task Rotate_waits_with_progress_until_the_consumer_moves()
    {
        const string path = "/e2e/progress";
        await host.PipeAsync("p-v1", "secret", "put", path);
        await using var client = await ClientNode.JoinAsync(host);
        var consumer = await RegisterConsumer(client, path);
        var secret = SecretPath.Parse(path);

        // Act only once the CLI has drawn a progress line showing the consumer has not moved yet.
        var rotate = await Processes.StartCliAsync(host.Cli("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "60s"),
            line => line.Contains("0/1 consumers migrated", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var notice = consumer.ExpectMsg<RotationNotice>(TimeSpan.FromSeconds(20));
        Assert.Equal(NoticeKind.DualModeStarted, notice.Kind);
        client.Region.Tell(new Heartbeat(secret, "svc-1", notice.ValidVersions.Max(), DateTimeOffset.UtcNow, consumer.Ref));
        var run = await rotate;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("0/1 consumers migrated", run.Stderr);
        Assert.Contains("1/1 migrated", run.Stdout);
    }

    [Fact]
    public async Task Cluster_show_shards_stats_and_list()
    {
        await host.PipeAsync("l-v1", "secret", "put", "/e2e/list/a");
        await host.PipeAsync("l-v1", "secret", "put", "/e2e/list/b");
        var show = HostProcess.Json(await host.RunAsync("cluster", "show", "--json"));
        var member = show.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("address").GetString()!.EndsWith(":" + host.Port, StringComparison.Ordinal));
        Assert.Equal("Up", member.GetProperty("status").GetString());
        Assert.Contains("host", member.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var shards = HostProcess.Json(await host.RunAsync("cluster", "shards", "--json"));
        Assert.True(shards.GetProperty("regions").EnumerateArray().Sum(r => r.GetProperty("entities").GetInt32()) >= 2);

        var list = HostProcess.Json(await host.RunAsync("secret", "list", "--prefix", "/e2e/list/", "--json"));
        Assert.Equal(["/e2e/list/a", "/e2e/list/b"], list.GetProperty("secrets").EnumerateArray().Select(e => e.GetString()));

        await host.RunAsync("secret", "rotate", "/e2e/list/a", "--strategy", "staged");
        var stats = HostProcess.Json(await host.RunAsync("stats", "--json"));
        Assert.True(stats.GetProperty("total").GetInt32() >= 1);
        Assert.True(stats.GetProperty("successful").GetInt32() >= 1);
        foreach (var field in new[] { "failed", "rollbacks", "successRate" }) Assert.True(stats.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task A_wrong_or_missing_token_is_refused_and_reveals_nothing()
    {
        await host.PipeAsync("t-v1", "secret", "put", "/e2e/token");
        var existing = await Cli(["secret", "get", "/e2e/token", "--reveal", "--json", "--contact", host.Contact, "--token", "wrong-token-wrong-token"]);
        var missing = await Cli(["secret", "get", "/e2e/nothing-here", "--reveal", "--json", "--contact", host.Contact, "--token", "wrong-token-wrong-token"]);
        Assert.Equal(2, existing.ExitCode);
        Assert.Equal(existing.Stdout, missing.Stdout.Replace("/e2e/nothing-here", "/e2e/token"));
        Assert.Equal("unauthorized", HostProcess.Json(existing).GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain("t-v1", existing.Stdout);

        var none = await Cli(["secret", "get", "/e2e/token", "--json", "--contact", host.Contact, "--data-dir", "/nonexistent"]);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("--token", HostProcess.Json(none).GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unreachable_cluster_is_exit_3_naming_the_contact()
    {
        var port = Actors.Hosting.EmbeddedNode.FreeLoopbackPort();
        var run = await Cli(["cluster", "show", "--json", "--contact", $"127.0.0.1:{port}", "--token", "any-token-any-token", "--timeout", "2s"]);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"127.0.0.1:{port}", HostProcess.Json(run).GetProperty("error").GetProperty("message").GetString());
    }

    public static TheoryData<string?, string[], string> BadInputs => new()
    {
        { "x", ["secret", "put", "no-slash"], "path" },
        { "x", ["secret", "put", "/a/../b"], "path" },
        { "x", ["secret", "put", "/" + new string('a', 300)], "path" },
        { "", ["secret", "put", "/e2e/bad/empty"], "value" },
        { new string('v', 70_000), ["secret", "put", "/e2e/bad/big"], "value" },
        { null, ["secret", "put", "/e2e/bad/gen", "--generate", "base64"], "--generate" },
        { null, ["secret", "put", "/e2e/bad/len", "--generate", "random", "--length", "8"], "--length" },
        { null, ["secret", "rotate", "/e2e/bad/target", "--strategy", "rolling"], "--strategy" },
        { null, ["secret", "rotate", "/e2e/bad/target", "--on-timeout", "panic"], "--on-timeout" },
        { null, ["secret", "rotate", "/e2e/bad/target", "--migration-timeout", "-5s"], "--migration-timeout" },
        { null, ["secret", "rotate", "/e2e/bad/target", "--migration-timeout", "soon"], "--migration-timeout" },
        { null, ["secret", "rotate", "/e2e/bad/target", "--verify", "no_such_test"], "policy.verificationTests" },
        { null, ["secret", "get", "/e2e/bad/target", "--version", "latest"], "--version" },
        { null, ["secret", "frobnicate", "/e2e/bad/target"], "frobnicate" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_exit_2_naming_the_field_and_nothing_is_written(string? stdin, string[] args, string field)
    {
        await host.PipeAsync("target-v1", "secret", "put", "/e2e/bad/target");
        var before = HostProcess.Json(await host.RunAsync("secret", "history", "/e2e/bad/target", "--json")).GetProperty("events").GetArrayLength();
        var run = await Processes.RunCliAsync(host.Cli([.. args, "--json"]), stdin);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(field, HostProcess.Json(run).GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(before, HostProcess.Json(await host.RunAsync("secret", "history", "/e2e/bad/target", "--json")).GetProperty("events").GetArrayLength());
        var list = HostProcess.Json(await host.RunAsync("secret", "list", "--prefix", "/e2e/bad/", "--json"));
        Assert.Equal(["/e2e/bad/target"], list.GetProperty("secrets").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Operation_failures_are_exit_1()
    {
        var missing = await host.RunAsync("secret", "get", "/e2e/missing", "--json");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("not_found", HostProcess.Json(missing).GetProperty("error").GetProperty("code").GetString());
        await host.PipeAsync("f-v1", "secret", "put", "/e2e/fail");
        var noPrevious = await host.RunAsync("secret", "rollback", "/e2e/fail", "--json");
        Assert.Equal(1, noPrevious.ExitCode);
    }
}
