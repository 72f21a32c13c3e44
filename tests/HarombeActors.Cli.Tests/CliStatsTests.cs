using HarombeActors.Cli.Tests.Support;

namespace HarombeActors.Cli.Tests;

/// <summary>Statistics count exactly what happened, and the same after a restart: a host of this test's own, so nothing else counts.</summary>
public class CliStatsTests
{
    private static async Task<Dictionary<string, double>> Stats(HostProcess host)
    {
        var run = await host.RunAsync("stats", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        return HostProcess.Json(run).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
    }

    [Fact]
    public async Task Stats_count_each_rotation_failure_and_rollback_exactly_and_survive_a_restart()
    {
        await using var host = await HostProcess.StartNewAsync();
        var before = await Stats(host);

        // One successful rotation.
        Assert.Equal(0, (await host.PipeAsync("s-v1", "secret", "put", "/stats/a")).ExitCode);
        Assert.Equal(0, (await host.RunAsync("secret", "rotate", "/stats/a", "--strategy", "staged", "--no-verify")).ExitCode);
        // One failed rotation (a dual-write cancelled while a consumer holds it), which also rolls consumers back.
        Assert.Equal(0, (await host.PipeAsync("s-v1", "secret", "put", "/stats/b")).ExitCode);
        await using (var client = await ClientNode.JoinAsync(host))
        {
            await client.StuckConsumerAsync(host, "/stats/b");
            Assert.Equal(0, (await host.RunAsync("secret", "rotate", "/stats/b", "--strategy", "dual-write", "--migration-timeout", "1h", "--no-wait")).ExitCode);
            Assert.Equal(0, (await host.RunAsync("secret", "cancel", "/stats/b")).ExitCode);
        }
        // One operator rollback: a rollback, not a rotation.
        Assert.Equal(0, (await host.RunAsync("secret", "rollback", "/stats/a")).ExitCode);

        var after = await Stats(host);
        var delta = after.Keys.Where(k => k != "successRate").ToDictionary(k => k, k => after[k] - before[k]);
        Assert.Equal(new Dictionary<string, double> { ["secrets"] = 2, ["total"] = 2, ["successful"] = 1, ["failed"] = 1, ["rollbacks"] = 2, ["needsAttention"] = 0 }, delta);
        Assert.Equal(after["successful"] / after["total"], after["successRate"], 3);

        await host.RestartAsync();
        Assert.Equal(after, await Stats(host));
    }
}
