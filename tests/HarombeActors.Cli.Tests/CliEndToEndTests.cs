using Akka.Actor;
using Akka.TestKit.Xunit2;
using HarombeActors.Cli.Tests.Support;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Ids;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// The real CLI process against a real host process, shared by the tests of this class: each uses paths of its own and
/// none restarts, kills or counts across the host (those tests start a host of their own).
/// </summary>
public class CliEndToEndTests(HostProcess host) : IClassFixture<HostProcess>
{
    private static Task<CliRun> Cli(string[] args) => Processes.RunCliAsync(args);

    /// <summary>One consumer "svc-1" on v1, heartbeating from the client node; returns once the host lists it.</summary>
    private async Task<Akka.TestKit.TestProbe> RegisterConsumer(Actors.Hosting.EmbeddedNode client, string path)
    {
        var kit = new TestKit(client.System);
        var consumer = kit.CreateTestProbe();
        client.Region.Tell(new Heartbeat(SecretPath.Parse(path), "svc-1", 1, DateTimeOffset.UtcNow, consumer.Ref));
        Assert.Equal(1, (await host.ConsumersAsync(path, n => n >= 1)).GetArrayLength());
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
        // The rollback, then its request id recorded (the host makes one), so a repeat of the call rolls back nothing more.
        Assert.Equal(["RolledBack", "RequestRecorded"], events[^2..].Select(e => e.GetProperty("type").GetString()));
        Assert.Contains("by operator", events[^2].GetProperty("summary").GetString());
        Assert.All(events, e => Assert.DoesNotContain("rb-v1", e.GetProperty("summary").GetString()));
    }

    [Fact]
    public async Task Conflict_consumers_cancel_and_concurrent_rotations()
    {
        const string path = "/e2e/conflict";
        await host.PipeAsync("c-v1", "secret", "put", path);
        await using var client = await ClientNode.JoinAsync(host);
        await client.StuckConsumerAsync(host, path);

        // Two concurrent rotations of one secret: exactly one starts, the other is a conflict (exit 4).
        var both = await Task.WhenAll(
            host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "120s", "--no-wait", "--json"),
            host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "120s", "--no-wait", "--json"));
        Assert.Equal([0, 4], both.Select(r => r.ExitCode).Order());
        var conflict = both.Single(r => r.ExitCode == 4);
        Assert.Equal("conflict", HostProcess.Json(conflict).GetProperty("error").GetProperty("code").GetString());
        // The whole message: the running rotation's id, strategy, phase, start time and who started it (the token's name).
        var running = HostProcess.Json(await host.RunAsync("secret", "status", path, "--json")).GetProperty("rotation");
        var message = System.Text.RegularExpressions.Regex.Match(HostProcess.Json(conflict).GetProperty("error").GetProperty("message").GetString()!,
            @"^Rotation already in progress: (?<id>\S+) \((?<strategy>[^,]+), phase (?<phase>[^,]+), started (?<at>\S+) by (?<who>[^)]+)\)$");
        Assert.True(message.Success, conflict.ToString());
        Assert.Equal(HostProcess.Json(both.Single(r => r.ExitCode == 0)).GetProperty("rotationId").GetString(), message.Groups["id"].Value);
        Assert.Equal(running.GetProperty("id").GetString(), message.Groups["id"].Value);
        Assert.Equal("dual-write", message.Groups["strategy"].Value);
        Assert.Equal("waiting-for-consumers", message.Groups["phase"].Value);
        Assert.Equal(running.GetProperty("startedAt").GetDateTimeOffset(), DateTimeOffset.Parse(message.Groups["at"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("operator", message.Groups["who"].Value);

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
        Assert.Equal(2_000, (await host.ConsumersAsync(path, n => n == 2_000)).GetArrayLength());
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
        // The probe heartbeats once: a day's stale-after keeps it live however slowly this runs; an hour's timeout never ends the wait.
        var rotate = await Processes.StartCliAsync(host.Cli("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "1h", "--stale-after", "24h"),
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
    public async Task Cluster_show_shards_and_list()
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

    private async Task<System.Text.Json.JsonElement> Read(params string[] args)
    {
        var run = await host.RunAsync(["secret", "get", .. args, "--reveal", "--json"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return HostProcess.Json(run);
    }

    [Fact]
    public async Task Reads_select_previous_a_version_number_or_the_metadata_by_switch_and_by_suffix()
    {
        const string path = "/e2e/selectors";
        await host.PipeAsync("sel-v1", "secret", "put", path);
        var rotated = await host.PipeAsync("sel-v2", "secret", "rotate", path, "--strategy", "staged", "--no-verify", "--value-stdin", "--json");
        Assert.True(rotated.ExitCode == 0, rotated.ToString());

        foreach (var read in new[] { await Read(path, "--version", "previous"), await Read(path + ".previous"), await Read(path, "--version", "1") })
        {
            Assert.Equal(1, read.GetProperty("version").GetInt32());
            Assert.Equal("sel-v1", read.GetProperty("value").GetString());
        }
        var current = await Read(path, "--version", "2");
        Assert.Equal("sel-v2", current.GetProperty("value").GetString());
        Assert.Equal("sel-v2", (await Read(path)).GetProperty("value").GetString());

        var metadata = await host.RunAsync("secret", "get", path + ".metadata", "--json");
        Assert.True(metadata.ExitCode == 0, metadata.ToString());
        Assert.Equal(2, HostProcess.Json(metadata).GetProperty("currentVersion").GetInt32());
        Assert.Equal(1, HostProcess.Json(metadata).GetProperty("previousVersion").GetInt32());
        Assert.DoesNotContain("sel-v", metadata.Stdout);

        foreach (var missing in new[] { new[] { path, "--version", "3" }, [path + ".pending"] })
        {
            var run = await host.RunAsync(["secret", "get", .. missing, "--json"]);
            Assert.Equal(1, run.ExitCode);
            Assert.Equal("not_found", HostProcess.Json(run).GetProperty("error").GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task A_named_operator_is_recorded_by_name_and_the_default_token_as_operator()
    {
        const string path = "/e2e/named";
        Assert.Equal(0, (await host.PipeAsync("n-v1", "secret", "put", path, "--token", HostProcess.AliceToken)).ExitCode);
        Assert.Equal(0, (await host.RunAsync("secret", "rotate", path, "--strategy", "staged", "--no-verify")).ExitCode);
        Assert.Equal(0, (await host.RunAsync("secret", "rollback", path, "--token", HostProcess.AliceToken)).ExitCode);

        var events = HostProcess.Json(await host.RunAsync("secret", "history", path, "--json")).GetProperty("events").EnumerateArray()
            .ToDictionary(e => e.GetProperty("type").GetString()!, e => e.GetProperty("summary").GetString()!);
        Assert.EndsWith("written by alice", events["SecretWritten"]);
        Assert.Contains("rotation started by operator", events["RotationStarted"]);
        Assert.Contains("by alice", events["RolledBack"]);
    }

    /// <summary>Starts a dual-write that times out at once into a hold (the stuck consumer never moves) and returns its status.</summary>
    private async Task<System.Text.Json.JsonElement> Hold(string path, int version)
    {
        var started = await host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "0s", "--on-timeout", "hold", "--no-wait", "--json");
        Assert.True(started.ExitCode == 0, started.ToString());
        var status = await host.StatusWhenAsync(path, s => s.GetProperty("rotation") is { ValueKind: System.Text.Json.JsonValueKind.Object } r && r.GetProperty("status").GetString() == "pending");
        Assert.Equal("holding", status.GetProperty("rotation").GetProperty("phase").GetString());
        Assert.True(status.GetProperty("dualMode").GetBoolean());
        Assert.Equal(version, status.GetProperty("pendingVersion").GetInt32());
        return status;
    }

    [Fact]
    public async Task A_held_dual_write_is_pending_until_the_operator_promotes_cancels_or_rolls_it_back()
    {
        const string path = "/e2e/hold";
        await host.PipeAsync("h-v1", "secret", "put", path);
        await using var client = await ClientNode.JoinAsync(host);
        await client.StuckConsumerAsync(host, path); // stays on v1: every dual-write here times out into a hold

        await Hold(path, 2);
        var pending = await Read(path, "--version", "pending");
        Assert.Equal(2, pending.GetProperty("version").GetInt32());
        Assert.Equal(pending.GetProperty("value").GetString(), (await Read(path + ".pending")).GetProperty("value").GetString());
        var promoted = await host.RunAsync("secret", "promote", path, "--json");
        Assert.True(promoted.ExitCode == 0, promoted.ToString());
        Assert.Equal("success", HostProcess.Json(promoted).GetProperty("status").GetString());
        Assert.Equal(2, (await Read(path)).GetProperty("version").GetInt32());
        var nothingWaiting = await host.RunAsync("secret", "promote", path, "--json");
        Assert.Equal(1, nothingWaiting.ExitCode);
        Assert.Equal("failed", HostProcess.Json(nothingWaiting).GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("no dual-write rotation waiting", HostProcess.Json(nothingWaiting).GetProperty("error").GetProperty("message").GetString());

        await Hold(path, 3);
        var cancelled = await host.RunAsync("secret", "cancel", path, "--json");
        Assert.True(cancelled.ExitCode == 0, cancelled.ToString());
        Assert.Equal("rolled_back", HostProcess.Json(cancelled).GetProperty("status").GetString());
        Assert.Equal(2, (await Read(path)).GetProperty("version").GetInt32());

        // Rollback is the decision a hold waits for: it abandons the rotation, and that is the operation succeeding.
        await Hold(path, 4);
        var rolledBack = await host.RunAsync("secret", "rollback", path, "--json");
        Assert.True(rolledBack.ExitCode == 0, rolledBack.ToString());
        Assert.Equal("rolled_back", HostProcess.Json(rolledBack).GetProperty("status").GetString());
        Assert.True(HostProcess.Json(rolledBack).GetProperty("rollbackPerformed").GetBoolean());
        var after = HostProcess.Json(await host.RunAsync("secret", "status", path, "--json"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, after.GetProperty("rotation").ValueKind);
        Assert.Equal(2, after.GetProperty("currentVersion").GetInt32());
        var summaries = HostProcess.Json(await host.RunAsync("secret", "history", path, "--json")).GetProperty("events").EnumerateArray()
            .Select(e => e.GetProperty("summary").GetString()!).ToList();
        Assert.Equal(3, summaries.Count(x => x.Contains("migration timed out (hold)", StringComparison.Ordinal)));
        Assert.Contains(summaries, x => x.Contains("by operator: rolled back by operator while held", StringComparison.Ordinal));
    }
}
