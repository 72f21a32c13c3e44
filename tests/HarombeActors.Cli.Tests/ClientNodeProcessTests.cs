using Akka.Actor;
using Akka.TestKit.Xunit2;
using HarombeActors.Cli.Tests.Support;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Ids;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// A host process, client-node processes (the sample consumer) and the CLI, all on loopback: the dual-write
/// promise across processes. No member is killed here: a killed member triggers split-brain-resolver downing
/// decisions among client nodes, which needs its own treatment (see the issue note).
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
}
