using HarombeActors.Cli.Tests.Support;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// A host process, consumer processes (the sample consumer, as client nodes and from outside the cluster) and the
/// CLI, all on loopback: the dual-write promise across processes. The host is shared by the tests that leave it as
/// they found it; a test that kills a node or restarts the host has a host of its own (ClientNodeFailureTests).
/// </summary>
public class ClientNodeProcessTests(HostProcess host) : IClassFixture<HostProcess>
{
    [Fact]
    public async Task Dual_write_completes_because_both_consumer_processes_migrate_not_because_the_wait_times_out()
    {
        const string path = "/mp/dual";
        Assert.Equal(0, (await host.PipeAsync("v1-value", "secret", "put", path)).ExitCode);
        await using var a = ConsumerProcess.Start(host, path, "svc-a");
        await using var b = ConsumerProcess.Start(host, path, "svc-b");
        await a.WaitForLineAsync(l => l.StartsWith("in use v1", StringComparison.Ordinal));
        await b.WaitForLineAsync(l => l.StartsWith("in use v1", StringComparison.Ordinal));
        await host.ConsumersAsync(path, n => n == 2);

        // An hour: only the consumers moving can end this wait while the test runs.
        var run = await host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "1h", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, HostProcess.Json(run).GetProperty("consumersMigrated").GetInt32());
        await ProcessTests.PromotedByTheLastMoveAsync(host, path);
        await a.WaitForLineAsync(l => l == "in use v2; valid v2");
        await b.WaitForLineAsync(l => l == "in use v2; valid v2");
        var consumers = HostProcess.Json(await host.RunAsync("secret", "consumers", path, "--json")).GetProperty("consumers").EnumerateArray().ToList();
        Assert.Equal(["completed", "completed"], consumers.Select(c => c.GetProperty("migrationStatus").GetString()));
        // Cluster members register consumers without a token.
        Assert.All(consumers, c => Assert.Equal(System.Text.Json.JsonValueKind.Null, c.GetProperty("registrant").ValueKind));
    }

    [Fact]
    public async Task A_consumer_with_a_wrong_token_is_refused_and_never_registers()
    {
        const string path = "/mp/wrong-token";
        Assert.Equal(0, (await host.PipeAsync("v1-value", "secret", "put", path)).ExitCode);
        await using var intruder = ConsumerProcess.StartOutside(host, path, "svc-intruder", token: "not-the-consumer-token");
        await intruder.WaitForLineAsync(l => l.Contains("missing or invalid token", StringComparison.Ordinal));
        Assert.DoesNotContain(intruder.Lines, l => l.StartsWith("in use", StringComparison.Ordinal));
        Assert.Equal(0, HostProcess.Json(await host.RunAsync("secret", "consumers", path, "--json")).GetProperty("consumers").GetArrayLength());
    }
}
