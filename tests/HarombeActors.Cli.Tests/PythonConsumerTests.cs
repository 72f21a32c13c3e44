using HarombeActors.Cli.Tests.Support;

namespace HarombeActors.Cli.Tests;

/// <summary>A consumer in another language: the Python sample (standard library only) follows a dual-write over HTTP/JSON.</summary>
public class PythonConsumerTests(HostProcess host) : IClassFixture<HostProcess>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_python_consumer_reads_heartbeats_and_follows_a_dual_write_through_the_notice_stream()
    {
        const string path = "/py/db";
        Assert.Equal(0, (await host.PipeAsync("python-value-1", "secret", "put", path)).ExitCode);
        await using var python = ConsumerProcess.StartPython(host, path, "py-1");
        await python.WaitForLineAsync(l => l == "in use v1; valid v1", Limit);
        var deadline = DateTime.UtcNow + Limit;
        while (HostProcess.Json(await host.RunAsync("secret", "consumers", path, "--json")).GetProperty("consumers").GetArrayLength() == 0)
            Assert.True(DateTime.UtcNow < deadline, "the python consumer never registered");

        // A dual-write waits for it (60 s at most): it completes because the consumer moved, well before the timeout.
        var run = await host.RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--migration-timeout", "60s", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var result = HostProcess.Json(run);
        Assert.Equal((1, 1), (result.GetProperty("consumersMigrated").GetInt32(), result.GetProperty("consumersTotal").GetInt32()));
        Assert.True(result.GetProperty("durationMs").GetDouble() < 30_000, run.ToString());
        await python.WaitForLineAsync(l => l == "in use v2; valid v1,v2", Limit);
        await python.WaitForLineAsync(l => l == "in use v2; valid v2", Limit);
        Assert.DoesNotContain(python.Lines, l => l.Contains("python-value", StringComparison.Ordinal));
        var consumer = HostProcess.Json(await host.RunAsync("secret", "consumers", path, "--json")).GetProperty("consumers")[0];
        Assert.Equal(("py-1", 2, "completed", "consumer"), (consumer.GetProperty("consumerId").GetString(), consumer.GetProperty("secretVersion").GetInt32(),
            consumer.GetProperty("migrationStatus").GetString(), consumer.GetProperty("registrant").GetString()));
    }
}
