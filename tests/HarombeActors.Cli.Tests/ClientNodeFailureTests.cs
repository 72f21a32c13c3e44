using HarombeActors.Cli.Tests.Support;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// Consumer processes across a killed client node and host restarts. Each test starts a host of its own: a kill or a
/// restart must not be something another test's assertions live through. Client nodes run the hosts'
/// split-brain-resolver setting, so a killed one is downed by the majority while the live ones stay.
/// </summary>
public class ClientNodeFailureTests
{
    [Fact]
    public async Task A_consumer_that_comes_up_during_dual_mode_receives_both_values_and_registrations_survive_a_host_restart()
    {
        await using var host = await HostProcess.StartNewAsync();
        const string path = "/mp/late";
        Assert.Equal(0, (await host.PipeAsync("v1-value", "secret", "put", path)).ExitCode);
        // A consumer that stays on v1 (a probe on an in-process client node) keeps the rotation in dual mode.
        await using (var client = await ClientNode.JoinAsync(host))
        {
            await client.StuckConsumerAsync(host, path, "holder");
            var started = await host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "1h", "--no-wait", "--json");
            Assert.True(started.ExitCode == 0, started.ToString());

            await using var late = ConsumerProcess.Start(host, path, "svc-late");
            await late.WaitForLineAsync(l => l == "in use v2; valid v1,v2");
            await host.ConsumersAsync(path, n => n == 2);
            Assert.Equal(0, (await host.RunAsync("secret", "promote", path)).ExitCode);
            await late.WaitForLineAsync(l => l == "in use v2; valid v2");
        }

        await host.RestartAsync();
        var after = HostProcess.Json(await host.RunAsync("secret", "consumers", path, "--json")).GetProperty("consumers").EnumerateArray()
            .Select(c => c.GetProperty("consumerId").GetString()).ToList();
        Assert.Equal(["holder", "svc-late"], after);
    }

    [Fact]
    public async Task A_killed_client_node_turns_stale_and_does_not_block_the_next_rotation()
    {
        await using var host = await HostProcess.StartNewAsync();
        const string path = "/mp/killed";
        Assert.Equal(0, (await host.PipeAsync("v1-value", "secret", "put", path)).ExitCode);
        await using var live = ConsumerProcess.Start(host, path, "svc-live");
        await using var doomed = ConsumerProcess.Start(host, path, "svc-doomed");
        await live.WaitForLineAsync(l => l == "in use v1; valid v1");
        await doomed.WaitForLineAsync(l => l == "in use v1; valid v1");
        await host.ConsumersAsync(path, n => n == 2);

        await doomed.KillAsync();
        // 5 s without a heartbeat is stale (they beat every second); the hour-long timeout never ends the wait here.
        var run = await host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "1h", "--stale-after", "5s", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("success", HostProcess.Json(run).GetProperty("status").GetString());
        await ProcessTests.NeverTimedOutAsync(host, path); // the stale consumer stopped blocking, or the live one moved last
        await live.WaitForLineAsync(l => l == "in use v2; valid v2");
        var consumers = HostProcess.Json(await host.RunAsync("secret", "consumers", path, "--json")).GetProperty("consumers").EnumerateArray()
            .ToDictionary(c => c.GetProperty("consumerId").GetString()!, c => c.GetProperty("migrationStatus").GetString());
        Assert.Equal("stale", consumers["svc-doomed"]);
        Assert.Equal("completed", consumers["svc-live"]);
        // The split-brain resolver on the host downs the dead node (and only it): two members left.
        await ProcessTests.MembersAsync(host, 2);
        // The survivor was not downed with the dead one: it still answers the next rotation.
        var next = await host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "1h", "--stale-after", "5s", "--json");
        Assert.True(next.ExitCode == 0, next.ToString());
        await live.WaitForLineAsync(l => l == "in use v3; valid v3");
    }

    [Fact]
    public async Task Two_client_nodes_killed_a_second_apart_are_downed_and_the_host_stays()
    {
        await using var host = await HostProcess.StartNewAsync();
        const string path = "/mp/two-crashes";
        Assert.Equal(0, (await host.PipeAsync("v1-value", "secret", "put", path)).ExitCode);
        await using var first = ConsumerProcess.Start(host, path, "svc-first");
        await using var second = ConsumerProcess.Start(host, path, "svc-second");
        await first.WaitForLineAsync(l => l == "in use v1; valid v1");
        await second.WaitForLineAsync(l => l == "in use v1; valid v1");
        await ProcessTests.MembersAsync(host, 3);

        // The second one sees the first become unreachable, then dies itself before the first is downed: the case in
        // which a resolver counting every member would see an indirectly connected cluster and down everyone.
        await first.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(1)); // the scenario's gap between the two crashes, not a wait for a result
        await second.KillAsync();

        // Both are downed and removed; the host is still the cluster and still serves.
        await ProcessTests.MembersAsync(host, 1);
        Assert.False(host.HasExited, host.Tail);
        var show = HostProcess.Json(await host.RunAsync("cluster", "show", "--json"));
        Assert.Equal("Up", Assert.Single(show.GetProperty("members").EnumerateArray()).GetProperty("status").GetString());
        var rotated = await host.RunAsync("secret", "rotate", path, "--strategy", "immediate", "--json");
        Assert.True(rotated.ExitCode == 0, rotated.ToString());
    }

    [Fact]
    public async Task A_consumer_outside_the_cluster_follows_a_dual_write_through_the_front_door_and_across_a_host_restart()
    {
        await using var host = await HostProcess.StartNewAsync();
        const string path = "/mp/outside";
        Assert.Equal(0, (await host.PipeAsync("v1-value", "secret", "put", path)).ExitCode);
        await using var outside = ConsumerProcess.StartOutside(host, path, "svc-outside");
        await outside.WaitForLineAsync(l => l == "in use v1; valid v1");
        await host.ConsumersAsync(path, n => n == 1);

        var run = await host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "1h", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(1, HostProcess.Json(run).GetProperty("consumersMigrated").GetInt32());
        await outside.WaitForLineAsync(l => l == "in use v2; valid v2");

        // The host goes away and comes back: the consumer keeps serving v2 meanwhile (no change line), finds the
        // host's front door again, and follows the next rotation.
        var seen = outside.Lines.Count;
        await host.RestartAsync();
        Assert.DoesNotContain(outside.Lines.Skip(seen), l => l.StartsWith("in use", StringComparison.Ordinal));
        var next = await host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "1h", "--json");
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal(1, HostProcess.Json(next).GetProperty("consumersMigrated").GetInt32());
        await outside.WaitForLineAsync(l => l == "in use v3; valid v3");
    }
}
