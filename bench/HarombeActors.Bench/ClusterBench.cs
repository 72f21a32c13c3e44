using System.Diagnostics;
using Grpc.Core;
using HarombeActors.Actors.Hosting;
using HarombeActors.Protocol;
using HarombeActors.Protocol.V1;

namespace HarombeActors.Bench;

/// <summary>
/// Three hosts on PostgreSQL from scripts/cluster-up.sh (private server, free loopback ports), driven only through
/// their front doors (gRPC, the way the CLI and consumers reach them), calls spread over the three: secrets written,
/// rotations at once, and heartbeats from many consumers. Stopped with scripts/cluster-down.sh --purge. Prints a table.
/// </summary>
public static class ClusterBench
{
    public static async Task RunAsync(int secrets, int concurrent, int consumers)
    {
        var root = RepositoryRoot();
        var parent = Directory.CreateTempSubdirectory("harombe-cluster-bench-").FullName;
        var api = Enumerable.Range(0, 3).Select(_ => EmbeddedNode.FreeLoopbackPort()).ToArray();
        var environment = new Dictionary<string, string>
        {
            ["HAROMBE_CLUSTER_DIR"] = Path.Combine(parent, "cluster"),
            ["HAROMBE_REMOTING_PORTS"] = string.Join(' ', Enumerable.Range(0, 3).Select(_ => EmbeddedNode.FreeLoopbackPort())),
            ["HAROMBE_API_PORTS"] = string.Join(' ', api),
            ["HAROMBE_POSTGRES_PORT"] = EmbeddedNode.FreeLoopbackPort().ToString(),
        };
        var rows = new List<(string, string)>();
        try
        {
            await Script(root, "cluster-up.sh", environment);
            var dir = environment["HAROMBE_CLUSTER_DIR"];
            Metadata Bearer(string file) => new() { { "authorization", FrontDoor.BearerPrefix + File.ReadAllText(Path.Combine(dir, file)).Trim() } };
            var op = Bearer("operator.token");
            var consumer = Bearer("consumer.token");
            var channels = api.Select(p => FrontDoorChannels.Open(new Uri($"http://127.0.0.1:{p}"), null)).ToArray();
            var operators = channels.Select(c => new Operator.OperatorClient(c)).ToArray();
            var consumerApis = channels.Select(c => new Consumer.ConsumerClient(c)).ToArray();
            var paths = Enumerable.Range(0, secrets).Select(i => $"/scale/s{i:000000}").ToArray();

            // A write the front door could not get answered within its 20 s (resends included) is checked by reading, as a
            // client must, and written again only if it did not land.
            var unanswered = 0;
            var lost = 0;
            var written = await Timed(paths.Length, 200, async i =>
            {
                var put = new PutSecretRequest { Path = paths[i], Value = "initial-value" };
                try
                {
                    await operators[i % 3].PutSecretAsync(put, op);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
                {
                    Interlocked.Increment(ref unanswered);
                    try
                    {
                        await operators[(i + 1) % 3].GetStatusAsync(new PathRequest { Path = paths[i] }, op);
                    }
                    catch (RpcException missing) when (missing.StatusCode == StatusCode.NotFound)
                    {
                        Interlocked.Increment(ref lost);
                        Console.Error.WriteLine($"{paths[i]} via host{i % 3 + 1}: unanswered and not written");
                        await operators[(i + 1) % 3].PutSecretAsync(put, op);
                    }
                }
            });
            if (unanswered > 0) KeepLogs(environment["HAROMBE_CLUSTER_DIR"]);
            rows.Add(($"{secrets:N0} secrets written (200 at a time)", $"{secrets / written.Elapsed.TotalSeconds:N0}/s; {unanswered} unanswered within 20 s, of which {lost} had not landed and were written again"));

            for (var round = 0; round < 3; round++)
            {
                var offset = round * concurrent % secrets;
                var rotated = await Timed(concurrent, concurrent, async i =>
                {
                    var call = operators[i % 3].Rotate(new RotateRequest { Path = paths[(offset + i) % secrets], Strategy = "blue-green", NoVerify = true }, op);
                    RotationResult? result = null;
                    await foreach (var e in call.ResponseStream.ReadAllAsync())
                        if (e.EventCase == RotateEvent.EventOneofCase.Result) result = e.Result;
                    if (result is not { Success: true }) throw new InvalidOperationException($"{paths[(offset + i) % secrets]}: {result}");
                });
                rows.Add(($"round {round + 1}: {concurrent:N0} blue-green rotations at once", $"{concurrent / rotated.Elapsed.TotalSeconds:N0}/s, p50 {Stats.Percentile(rotated.Latencies, 50):0} ms, p99 {Stats.Percentile(rotated.Latencies, 99):0} ms"));
            }

            // Consumers spread over the secrets: the first heartbeat registers each, the second is the steady state.
            foreach (var label in new[] { "registering", "steady" })
            {
                var beats = await Timed(consumers, 256, async i =>
                    await consumerApis[i % 3].HeartbeatAsync(new HeartbeatRequest { Path = paths[i % secrets], ConsumerId = $"c-{i:000000}", Version = 1 }, consumer));
                rows.Add(($"heartbeats from {consumers:N0} consumers over {secrets:N0} secrets, 256 in flight ({label})", $"{consumers / beats.Elapsed.TotalSeconds:N0}/s, p50 {Stats.Percentile(beats.Latencies, 50):0.0} ms, p99 {Stats.Percentile(beats.Latencies, 99):0.0} ms"));
            }
            foreach (var channel in channels) channel.Dispose();
        }
        catch
        {
            KeepLogs(environment["HAROMBE_CLUSTER_DIR"]);
            throw;
        }
        finally
        {
            await Script(root, "cluster-down.sh", environment, "--purge");
            Directory.Delete(parent, true);
        }
        Console.WriteLine($"| three hosts, PostgreSQL, through the front doors, {Environment.ProcessorCount} cores | result |");
        Console.WriteLine("|---|---|");
        foreach (var (measure, result) in rows) Console.WriteLine($"| {measure} | {result} |");
    }

    /// <summary>Copies the hosts' logs where the purge at the end does not reach, for a diagnosis.</summary>
    private static void KeepLogs(string clusterDir)
    {
        var logs = Directory.CreateTempSubdirectory("harombe-cluster-bench-logs-").FullName;
        foreach (var log in Directory.GetFiles(clusterDir, "*.log")) File.Copy(log, Path.Combine(logs, Path.GetFileName(log)));
        Console.Error.WriteLine($"the hosts' logs: {logs}");
    }

    /// <summary>Runs <paramref name="count"/> calls, at most <paramref name="parallel"/> at a time, each timed.</summary>
    private static async Task<(TimeSpan Elapsed, List<double> Latencies)> Timed(int count, int parallel, Func<int, Task> call)
    {
        var latencies = new double[count];
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var clock = Stopwatch.StartNew();
                await call(i);
                latencies[i] = clock.Elapsed.TotalMilliseconds;
            }
        }));
        return (watch.Elapsed, [.. latencies]);
    }

    private static async Task Script(string root, string name, Dictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(root, "scripts", name));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{name} exited {process.ExitCode}: {await output}{await error}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "HarombeActors.sln"))) return dir.FullName;
        throw new InvalidOperationException("run the benchmark from inside the repository");
    }
}
