using System.Collections.Concurrent;
using Grpc.Core;
using HarombeActors.Cli.Tests.Support;
using HarombeActors.Protocol.V1;
using Xunit.Abstractions;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// Three hosts from scripts/cluster-up.sh restarted one after another (SIGTERM, start, ready) while rotations of every
/// strategy run in a loop and each result is read back, always through a host that is up: no call fails, every answered
/// rotation succeeded and reads back, and every secret settles. A call the front door could not answer within its 20 s
/// (Unavailable, "may still complete") is a failure too: before the front door sent repeatable messages again (with a
/// request id for writes and rotations), sharding's at-most-once delivery lost one now and then while a host handed its shards
/// over. How often the front door had to send again is printed from the hosts' logs.
/// </summary>
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    private static readonly string[] Strategies = ["immediate", "staged", "dual-write", "blue-green"];

    [Fact]
    public async Task Rotations_of_every_strategy_keep_succeeding_while_each_host_restarts_in_turn()
    {
        var cluster = await ScriptCluster.StartAsync();
        await using var stop = cluster;
        var op = cluster.Operator();
        foreach (var strategy in Strategies)
            await cluster.OperatorApi(0).PutSecretAsync(new PutSecretRequest { Path = $"/rolling/{strategy}", Value = $"{strategy}-0" }, op);

        // The driver calls only a host that is up: a restart first marks its host down and waits for the driver's
        // calls on it to finish, as a load balancer drains a backend.
        var down = -1;
        var inFlight = new int[3];
        var failures = new ConcurrentQueue<string>();
        var unanswered = new ConcurrentQueue<string>();
        var rotations = Strategies.ToDictionary(s => s, _ => 0);
        var duringRestart = new int[3];
        using var done = new CancellationTokenSource();

        async Task<int> Lease()
        {
            while (true)
            {
                var host = (Volatile.Read(ref down) + 1 + Random.Shared.Next(2)) % 3;
                Interlocked.Increment(ref inFlight[host]);
                if (Volatile.Read(ref down) != host) return host;
                Interlocked.Decrement(ref inFlight[host]);
                await Task.Yield();
            }
        }

        // Settled: no rotation in flight any more (checked through a host that is up); a minute without is a failure.
        var unsettled = new ConcurrentDictionary<string, DateTime>();
        async Task<bool> Settled(string strategy)
        {
            var host = await Lease();
            try
            {
                var status = await cluster.OperatorApi(host).GetStatusAsync(new PathRequest { Path = $"/rolling/{strategy}" }, cluster.Operator(DateTime.UtcNow.AddSeconds(30)));
                if (status.Rotation is null)
                {
                    unsettled.TryRemove(strategy, out _);
                    return true;
                }
                if (DateTime.UtcNow > unsettled[strategy])
                {
                    failures.Enqueue($"{strategy}: still rotating a minute after the unanswered call");
                    unsettled.TryRemove(strategy, out _);
                }
                return false;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
            {
                return false; // asked again on the next pass
            }
            finally
            {
                Interlocked.Decrement(ref inFlight[host]);
            }
        }

        var driver = Task.Run(async () =>
        {
            for (var n = 1; !done.IsCancellationRequested; n++)
            {
                foreach (var strategy in Strategies)
                {
                    // A secret whose last call went unanswered is left alone until it has settled; the others go on.
                    if (unsettled.ContainsKey(strategy) && !await Settled(strategy)) continue;
                    var host = await Lease();
                    var restarting = Volatile.Read(ref down);
                    try
                    {
                        var call = cluster.OperatorApi(host).Rotate(new RotateRequest
                        {
                            Path = $"/rolling/{strategy}", Strategy = strategy, NoVerify = true, Value = $"{strategy}-{n}",
                        }, cluster.Operator(DateTime.UtcNow.AddSeconds(60)));
                        RotationResult? result = null;
                        await foreach (var e in call.ResponseStream.ReadAllAsync())
                            if (e.EventCase == RotateEvent.EventOneofCase.Result) result = e.Result;
                        if (result is not { Success: true }) failures.Enqueue($"{strategy} #{n} via host{host + 1}: {result}");
                        var read = await cluster.OperatorApi(host).GetSecretAsync(new GetSecretRequest { Path = $"/rolling/{strategy}", Reveal = true }, cluster.Operator(DateTime.UtcNow.AddSeconds(30)));
                        if (read.Value != $"{strategy}-{n}") failures.Enqueue($"{strategy} #{n} via host{host + 1}: read {read.Value}");
                        rotations[strategy]++;
                        if (restarting >= 0) Interlocked.Increment(ref duringRestart[restarting]);
                    }
                    catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
                    {
                        // The front door had no answer within its 20 s and says the rotation may still complete: what a
                        // client must then do is check the status. Counted and reported, never passed off as success;
                        // the secret must settle (no rotation left in flight) and serve the next rotation.
                        unanswered.Enqueue($"{strategy} #{n} via host{host + 1} while host{restarting + 1} restarted: {e.Status.Detail}");
                        unsettled[strategy] = DateTime.UtcNow.AddSeconds(60);
                    }
                    catch (RpcException e)
                    {
                        failures.Enqueue($"{strategy} #{n} via host{host + 1}: {e.StatusCode} {e.Status.Detail}");
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inFlight[host]);
                    }
                }
            }
        });

        for (var host = 0; host < 3; host++)
        {
            Volatile.Write(ref down, host);
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (Volatile.Read(ref inFlight[host]) > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"a call on host{host + 1} never finished");
                await Task.Delay(10);
            }
            await cluster.RestartAsync(host);
        }
        Volatile.Write(ref down, -1);
        await done.CancelAsync();
        await driver;

        var sentAgain = Enumerable.Range(0, 3).Sum(i => File.ReadLines(Path.Combine(cluster.Dir, $"host{i + 1}.log")).Count(l => l.Contains("sending it again", StringComparison.Ordinal)));
        output.WriteLine($"rotations: {string.Join(", ", rotations.Select(kv => $"{kv.Key} {kv.Value}"))}; while host1/2/3 restarted: {string.Join("/", duringRestart)}; " +
                         $"failures: {failures.Count}; unanswered within 20 s: {unanswered.Count}{string.Concat(unanswered.Select(u => "\n  " + u))}; " +
                         $"messages the front doors sent again: {sentAgain}");
        foreach (var strategy in unsettled.Keys)
        {
            var settledBy = DateTime.UtcNow.AddSeconds(60);
            while (!await Settled(strategy) && unsettled.ContainsKey(strategy)) Assert.True(DateTime.UtcNow < settledBy, $"{strategy} never settled");
        }
        Assert.True(failures.IsEmpty && unanswered.IsEmpty, string.Join('\n', failures.Concat(unanswered)) + "\n" + cluster.Log(0));
        Assert.All(duringRestart, count => Assert.True(count > 0, "no rotation ran while a host restarted"));
        Assert.Equal(3, (await cluster.OperatorApi(0).GetClusterAsync(new Google.Protobuf.WellKnownTypes.Empty(), op)).Members.Count(m => m.Status == "Up"));
    }
}
