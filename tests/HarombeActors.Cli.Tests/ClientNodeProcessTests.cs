using Akka.Actor;
using Akka.TestKit.Xunit2;
using HarombeActors.Cli.Tests.Support;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Ids;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// A host process, consumer processes (the sample consumer, as client nodes and from outside the cluster) and the
/// CLI, all on loopback: the dual-write promise across processes. Client nodes run the hosts' split-brain-resolver
/// setting, so a killed one is downed by the majority while the live ones stay.
/// </summary>
public class ClientNodeProcessTests(HostProcess host) : IClassFixture<HostProcess>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private async Task WaitForConsumers(string path, int count)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (HostProcess.Json(await host.RunAsync("secret", "consumers", path, "--json")).GetProperty("consumers").GetArrayLength() < count)
            Assert.True(DateTime.UtcNow < deadline, "consumers did not register");
    }

    [Fact]
    public async Task Dual_write_with_a_60_s_timeout_completes_in_seconds_because_both_consumer_processes_migrate()
    {
        const string path = "/mp/dual";
        Assert.Equal(0, (await host.PipeAsync("v1-value", "secret", "put", path)).ExitCode);
        await using var a = ConsumerProcess.Start(host, path, "svc-a");
        await using var b = ConsumerProcess.Start(host, path, "svc-b");
        await a.WaitForLineAsync(l => l.StartsWith("in use v1", StringComparison.Ordinal), Limit);
        await b.WaitForLineAsync(l => l.StartsWith("in use v1", StringComparison.Ordinal), Limit);
        await WaitForConsumers(path, 2);

        var run = await host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "60s", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var result = HostProcess.Json(run);
        Assert.Equal(2, result.GetProperty("consumersMigrated").GetInt32());
        Assert.True(result.GetProperty("durationMs").GetDouble() < 30_000, "the 60 s timeout was not what ended the wait");
        await a.WaitForLineAsync(l => l == "in use v2; valid v2", Limit);
        await b.WaitForLineAsync(l => l == "in use v2; valid v2", Limit);
        var consumers = HostProcess.Json(await host.RunAsync("secret", "consumers", path, "--json")).GetProperty("consumers").EnumerateArray().ToList();
        Assert.Equal(["completed", "completed"], consumers.Select(c => c.GetProperty("migrationStatus").GetString()));
    }

    [Fact]
    public async Task A_consumer_that_comes_up_during_dual_mode_receives_both_values_and_registrations_survive_a_host_restart()
    {
        const string path = "/mp/late";
        Assert.Equal(0, (await host.PipeAsync("v1-value", "secret", "put", path)).ExitCode);
        // A consumer that stays on v1 (a probe on an in-process client node) keeps the rotation in dual mode.
        await using (var client = await ClientNode.JoinAsync(host))
        {
            var holder = new TestKit(client.System).CreateTestProbe();
            client.Region.Tell(new Heartbeat(SecretPath.Parse(path), "holder", 1, DateTimeOffset.UtcNow, holder.Ref));
            await WaitForConsumers(path, 1);
            var started = await host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "60s", "--no-wait", "--json");
            Assert.True(started.ExitCode == 0, started.ToString());

            await using var late = ConsumerProcess.Start(host, path, "svc-late");
            await late.WaitForLineAsync(l => l == "in use v2; valid v1,v2", Limit);
            await WaitForConsumers(path, 2);
            Assert.Equal(0, (await host.RunAsync("secret", "promote", path)).ExitCode);
            await late.WaitForLineAsync(l => l == "in use v2; valid v2", Limit);
        }

        await host.RestartAsync();
        var after = HostProcess.Json(await host.RunAsync("secret", "consumers", path, "--json")).GetProperty("consumers").EnumerateArray()
            .Select(c => c.GetProperty("consumerId").GetString()).ToList();
        Assert.Equal(["holder", "svc-late"], after);
    }

    [Fact]
    public async Task A_killed_client_node_turns_stale_and_does_not_block_the_next_rotation()
    {
        const string path = "/mp/killed";
        Assert.Equal(0, (await host.PipeAsync("v1-value", "secret", "put", path)).ExitCode);
        await using var live = ConsumerProcess.Start(host, path, "svc-live");
        await using var doomed = ConsumerProcess.Start(host, path, "svc-doomed");
        await live.WaitForLineAsync(l => l == "in use v1; valid v1", Limit);
        await doomed.WaitForLineAsync(l => l == "in use v1; valid v1", Limit);
        await WaitForConsumers(path, 2);

        await doomed.KillAsync();
        var run = await host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "60s", "--stale-after", "3s", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var result = HostProcess.Json(run);
        Assert.Equal("success", result.GetProperty("status").GetString());
        Assert.True(result.GetProperty("durationMs").GetDouble() < 30_000, "the 60 s timeout was not what ended the wait");
        await live.WaitForLineAsync(l => l == "in use v2; valid v2", Limit);
        var consumers = HostProcess.Json(await host.RunAsync("secret", "consumers", path, "--json")).GetProperty("consumers").EnumerateArray()
            .ToDictionary(c => c.GetProperty("consumerId").GetString()!, c => c.GetProperty("migrationStatus").GetString());
        Assert.Equal("stale", consumers["svc-doomed"]);
        Assert.Equal("completed", consumers["svc-live"]);
        // The split-brain resolver on the host downs the dead node (and only it): two members left.
        await WaitForMembers(2);
        // The survivor was not downed with the dead one: it still answers the next rotation.
        var next = await host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "60s", "--stale-after", "3s", "--json");
        Assert.True(next.ExitCode == 0, next.ToString());
        await live.WaitForLineAsync(l => l == "in use v3; valid v3", Limit);
    }

    private async Task WaitForMembers(int count)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (HostProcess.Json(await host.RunAsync("cluster", "show", "--json")).GetProperty("members").GetArrayLength() != count)
            Assert.True(DateTime.UtcNow < deadline, $"the cluster did not settle on {count} members");
    }

    [Fact]
    public async Task A_consumer_outside_the_cluster_follows_a_dual_write_through_the_front_door()
    {
        const string path = "/mp/outside";
        Assert.Equal(0, (await host.PipeAsync("v1-value", "secret", "put", path)).ExitCode);
        await using var outside = ConsumerProcess.StartOutside(host, path, "svc-outside");
        await outside.WaitForLineAsync(l => l == "in use v1; valid v1", Limit);
        await WaitForConsumers(path, 1);

        var run = await host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "60s", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(1, HostProcess.Json(run).GetProperty("consumersMigrated").GetInt32());
        await outside.WaitForLineAsync(l => l == "in use v2; valid v2", Limit);

        // The host goes away and comes back: the consumer keeps serving v2 meanwhile (no change line), finds the
        // host's front door again, and follows the next rotation.
        var seen = outside.Lines.Count;
        await host.RestartAsync();
        Assert.DoesNotContain(outside.Lines.Skip(seen), l => l.StartsWith("in use", StringComparison.Ordinal));
        var next = await host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "60s", "--json");
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal(1, HostProcess.Json(next).GetProperty("consumersMigrated").GetInt32());
        await outside.WaitForLineAsync(l => l == "in use v3; valid v3", Limit);
    }

    [Fact]
    public async Task A_consumer_with_a_wrong_token_is_refused_and_never_registers()
    {
        const string path = "/mp/wrong-token";
        Assert.Equal(0, (await host.PipeAsync("v1-value", "secret", "put", path)).ExitCode);
        await using var intruder = ConsumerProcess.StartOutside(host, path, "svc-intruder", token: "not-the-consumer-token");
        await intruder.WaitForLineAsync(l => l.Contains("missing or invalid token", StringComparison.Ordinal), Limit);
        Assert.DoesNotContain(intruder.Lines, l => l.StartsWith("in use", StringComparison.Ordinal));
        Assert.Equal(0, HostProcess.Json(await host.RunAsync("secret", "consumers", path, "--json")).GetProperty("consumers").GetArrayLength());
    }
}
