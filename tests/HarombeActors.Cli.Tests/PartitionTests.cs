using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HarombeActors.Cli.Tests.Support;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Queries;
using HarombeActors.Protocol.V1;
using HarombeActors.Routing;
using Xunit.Abstractions;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// Three hosts from scripts/cluster-up.sh split 2 + 1 by a firewall between their remoting ports, while every host still
/// reaches PostgreSQL and its own front door: the case where two sides could both write one secret. Both sides are
/// asked to write a secret the isolated host runs, again and again, through their own front doors. Exactly one side
/// serves it at any time: every write the isolated side acknowledged comes before every write the majority
/// acknowledged, no version is acknowledged twice, and the journal has each event once. The isolated host downs itself
/// and the majority keeps the secrets, its own ones answering throughout.
/// </summary>
public sealed class PartitionTests(ITestOutputHelper output)
{
    /// <summary>The isolated host's group id: the firewall tells its packets from the others' by it.</summary>
    private const int IsolatedGroup = 4843;
    private static readonly Empty Nothing = new();

    private sealed record Ack(string Side, int Version, TimeSpan At);

    [RootFact]
    public async Task Hosts_split_two_and_one_leave_the_secrets_with_the_two_and_never_serve_one_from_both_sides()
    {
        var cluster = await ScriptCluster.StartAsync(new Dictionary<string, string> { ["Harombe__SplitBrainStableAfter"] = "00:00:05" });
        await using var stop = cluster;
        await cluster.RestartAsync(2, IsolatedGroup);
        var op = cluster.Operator();

        // Secrets until the isolated host runs one and the majority another.
        var extractor = new SecretMessageExtractor();
        string? isolated = null, majority = null;
        for (var i = 0; isolated is null || majority is null; i++)
        {
            Assert.True(i < 100, "no secret landed on the third host");
            var path = $"/partition/s{i:000}";
            await cluster.OperatorApi(0).PutSecretAsync(new PutSecretRequest { Path = path, Value = $"value-{i}-0" }, op);
            var shard = extractor.ShardId(path, new GetStatus(SecretPath.Parse(path)));
            var regions = (await cluster.OperatorApi(0).GetShardsAsync(Nothing, op)).Regions;
            var host = cluster.HostOf(regions.Single(r => r.Shards.Any(s => s.ShardId == shard)).Address);
            if (host == 2) isolated ??= path;
            else majority ??= path;
        }

        var acks = new ConcurrentQueue<Ack>();
        var majorityFailures = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        using var done = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using (await LoopbackPartition.IsolateAsync(IsolatedGroup, cluster.Remoting[2], [cluster.Remoting[0], cluster.Remoting[1]]))
        {
            async Task Writer(string side, int host, string path, bool mustSucceed)
            {
                for (var n = 1; !done.IsCancellationRequested; n++)
                {
                    try
                    {
                        var written = await cluster.OperatorApi(host).PutSecretAsync(
                            new PutSecretRequest { Path = path, Value = $"{side}-{n}" }, cluster.Operator(DateTime.UtcNow.AddSeconds(10)));
                        if (path == isolated) acks.Enqueue(new Ack(side, written.Version, clock.Elapsed));
                    }
                    catch (RpcException e) when (!mustSucceed && e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal)
                    {
                        await Task.Delay(100);
                    }
                    catch (RpcException e)
                    {
                        majorityFailures.Enqueue($"{path} via host{host + 1} at {clock.Elapsed.TotalSeconds:0.0} s: {e.StatusCode} {e.Status.Detail}");
                    }
                }
            }

            // Until the majority has written the isolated host's secret a few times: then it has surely taken it over.
            var writers = new[]
            {
                Writer("minority", 2, isolated, mustSucceed: false),
                Writer("majority", 0, isolated, mustSucceed: false),
                Writer("majority-own", 1, majority, mustSucceed: true),
            };
            while (acks.Count(a => a.Side == "majority") < 5)
            {
                Assert.False(done.IsCancellationRequested, $"the majority never took the isolated host's secret over\n{cluster.Log(0)}");
                await Task.Delay(100);
            }
            await done.CancelAsync();
            await Task.WhenAll(writers);
        }

        var minority = acks.Where(a => a.Side == "minority").ToList();
        var major = acks.Where(a => a.Side == "majority").ToList();
        output.WriteLine($"isolated host's secret {isolated}: the isolated side acknowledged {minority.Count} writes, the last at {minority.LastOrDefault()?.At.TotalSeconds:0.0} s; " +
                         $"the majority's first at {major[0].At.TotalSeconds:0.0} s; the majority's own secret {majority}: {majorityFailures.Count} failed writes");
        Assert.True(majorityFailures.IsEmpty, string.Join('\n', majorityFailures));
        Assert.All(minority, m => Assert.True(m.At < major[0].At, $"the isolated side acknowledged v{m.Version} at {m.At} after the majority's first write at {major[0].At}"));
        Assert.Equal(acks.Count, acks.Select(a => a.Version).Distinct().Count());

        // The isolated host has downed itself; the majority holds the secret, with every event once.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (ScriptCluster.Running(cluster.Pids[2]))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the isolated host still runs\n{cluster.Log(2)}");
            await Task.Delay(200);
        }
        var members = (await cluster.OperatorApi(0).GetClusterAsync(Nothing, op)).Members;
        Assert.Equal(2, members.Count(m => m.Status == "Up"));
        Assert.DoesNotContain(members, m => cluster.HostOf(m.Address) == 2 && m.Status == "Up");
        var history = (await cluster.OperatorApi(1).GetHistoryAsync(new PathRequest { Path = isolated }, op)).Events;
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.SequenceNr));
        var read = await cluster.OperatorApi(1).GetSecretAsync(new GetSecretRequest { Path = isolated, Reveal = true }, op);
        Assert.True(read.Version >= major[^1].Version, $"read v{read.Version}, the majority last acknowledged v{major[^1].Version}");
        Assert.StartsWith("majority-", read.Value, StringComparison.Ordinal);
    }
}
