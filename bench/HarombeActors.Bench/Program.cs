using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Bench;
using static HarombeActors.Bench.Polling;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Values;

// In-process benchmarks on the real host composition (cluster, sharding, SQLite files in a temp folder).
// Run in Release: dotnet run -c Release --project bench/HarombeActors.Bench [-- rotations promotion-runs heartbeats remote-heartbeats]
// At scale:       dotnet run -c Release --project bench/HarombeActors.Bench -- scale [secrets concurrent-rotations consumers history-events]
// Three hosts:    dotnet run -c Release --project bench/HarombeActors.Bench -- cluster [secrets concurrent-rotations consumers]
// stats:          dotnet run -c Release --project bench/HarombeActors.Bench -- stats [secrets rotations]
// webhooks:       dotnet run -c Release --project bench/HarombeActors.Bench -- webhooks [rotations]
int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i]) : fallback;
if (args.Length > 0 && args[0] == "scale")
{
    await ScaleBench.RunAsync(Arg(1, 10_000), Arg(2, 1_000), Arg(3, 20_000), Arg(4, 10_000));
    return;
}
if (args.Length > 0 && args[0] == "stats")
{
    await StatsBench.RunAsync(Arg(1, 10_000), Arg(2, 1_000));
    return;
}
if (args.Length > 0 && args[0] == "webhooks")
{
    await WebhookBench.RunAsync(Arg(1, 500));
    return;
}
if (args.Length > 0 && args[0] == "cluster")
{
    await ClusterBench.RunAsync(Arg(1, 10_000), Arg(2, 1_000), Arg(3, 100_000));
    return;
}
var rotations = args.Length > 0 ? int.Parse(args[0]) : 300;
var promotionRuns = args.Length > 1 ? int.Parse(args[1]) : 30;
var heartbeats = args.Length > 2 ? int.Parse(args[2]) : 1_000_000;
var remoteHeartbeats = args.Length > 3 ? int.Parse(args[3]) : 200_000;
var principal = new Principal("bench");
var timeout = TimeSpan.FromSeconds(30);

var dataDir = Directory.CreateTempSubdirectory("harombe-bench-").FullName;
var node = await EmbeddedNode.StartAsync(new HarombeOptions
{
    Port = EmbeddedNode.FreeLoopbackPort(), DataDir = dataDir, ActorSystemName = "harombe-bench",
});
var region = node.Region;

async Task<T> Ask<T>(ISecretMessage m) where T : class => await region.Ask<ISecretReply>(m, timeout) as T
    ?? throw new InvalidOperationException($"unexpected reply to {m.GetType().Name}");

Console.WriteLine($"HarombeActors benchmark, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}, SQLite journal");
Console.WriteLine();

// 1. Rotation latency per strategy: Ask(rotate, wait) -> result, no verification, no consumers.
Console.WriteLine("| strategy | rotations | p50 ms | p99 ms |");
Console.WriteLine("|---|---|---|---|");
foreach (var strategy in Enum.GetValues<RotationStrategy>())
{
    var path = SecretPath.Parse($"/bench/latency/{strategy.Name()}");
    await Ask<SecretWriteAccepted>(new WriteSecret(path, SecretValue.Create("initial"), principal));
    var policy = new RotationPolicy { Strategy = strategy, RequireVerification = false };
    var samples = new List<double>();
    for (var i = 0; i < rotations + 20; i++)
    {
        var watch = Stopwatch.StartNew();
        var outcome = await Ask<RotationOutcome>(new RotateSecret(path, principal, policy));
        watch.Stop();
        if (!outcome.Result.Success) throw new InvalidOperationException(outcome.Result.Error);
        if (i >= 20) samples.Add(watch.Elapsed.TotalMilliseconds); // the first 20 warm up JIT and SQLite
    }
    Console.WriteLine($"| {strategy.Name()} | {rotations} | {Stats.Percentile(samples, 50):0.00} | {Stats.Percentile(samples, 99):0.00} |");
}
Console.WriteLine();

// 2. Promotion after the last migration, 100 consumers: time from the last consumer's heartbeat on the new
//    version to the rotate's final reply (Promoted and RotationCompleted persisted).
{
    var path = SecretPath.Parse("/bench/promotion");
    await Ask<SecretWriteAccepted>(new WriteSecret(path, SecretValue.Create("initial"), principal));
    var sink = node.System.ActorOf(Props.Create(() => new NoticeSink(null)), "notices");
    const int consumers = 100;
    var ids = Enumerable.Range(0, consumers).Select(i => $"consumer-{i:000}").ToArray();
    var current = 1;
    foreach (var id in ids) region.Tell(new Heartbeat(path, id, current, DateTimeOffset.UtcNow, sink));
    await WaitFor(async () => await Ask<SecretStatus>(new GetStatus(path)), s => s.Consumers.Total == consumers);
    var policy = new RotationPolicy { Strategy = RotationStrategy.DualWrite, RequireVerification = false, MigrationTimeout = TimeSpan.FromMinutes(5) };
    var samples = new List<double>();
    for (var run = 0; run < promotionRuns + 3; run++)
    {
        var rotate = region.Ask<ISecretReply>(new RotateSecret(path, principal, policy), timeout);
        var status = await WaitFor(async () => await Ask<SecretStatus>(new GetStatus(path)), s => s.DualMode);
        var next = status.PendingVersion!.Value;
        foreach (var id in ids[..^1]) region.Tell(new Heartbeat(path, id, next, DateTimeOffset.UtcNow, sink));
        await WaitFor(async () => await Ask<SecretStatus>(new GetStatus(path)), s => s.Consumers.Migrated == consumers - 1);
        var watch = Stopwatch.StartNew();
        region.Tell(new Heartbeat(path, ids[^1], next, DateTimeOffset.UtcNow, sink));
        var outcome = (RotationOutcome)await rotate;
        watch.Stop();
        if (!outcome.Result.Success || outcome.Result.ConsumersMigrated != consumers) throw new InvalidOperationException("promotion did not follow the migration");
        if (run >= 3) samples.Add(watch.Elapsed.TotalMilliseconds);
        current = next;
    }
    Console.WriteLine($"| promotion after the last of {consumers} consumers migrates | runs | p50 ms | p99 ms |");
    Console.WriteLine("|---|---|---|---|");
    Console.WriteLine($"| heartbeat -> Promoted persisted -> reply | {promotionRuns} | {Stats.Percentile(samples, 50):0.00} | {Stats.Percentile(samples, 99):0.00} |");
    Console.WriteLine();
}

// 3. Heartbeat throughput into one secret with 1,000 registered consumers (steady state: same version).
{
    var path = SecretPath.Parse("/bench/heartbeats");
    await Ask<SecretWriteAccepted>(new WriteSecret(path, SecretValue.Create("initial"), principal));
    var sink = node.System.ActorOf(Props.Create(() => new NoticeSink(null)), "hb-notices");
    const int consumers = 1_000;
    var beats = Enumerable.Range(0, consumers).Select(i => new Heartbeat(path, $"svc-{i:0000}", 1, DateTimeOffset.UtcNow, sink)).ToArray();
    foreach (var b in beats) region.Tell(b);
    await WaitFor(async () => await Ask<SecretStatus>(new GetStatus(path)), s => s.Consumers.Total == consumers);
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < heartbeats; i++) region.Tell(beats[i % consumers]);
    // FIFO: the parent answers after forwarding every heartbeat, and each child describes itself only after
    // processing every heartbeat it was forwarded, so this reply marks the end of all heartbeat work.
    var list = await Ask<ConsumerList>(new GetConsumers(path));
    if (list.Consumers.Count != consumers || list.Consumers.Any(c => c.LastHeartbeat is null)) throw new InvalidOperationException("heartbeats lost");
    watch.Stop();
    Console.WriteLine("| heartbeats into one secret, 1,000 consumers | heartbeats | seconds | heartbeats/s |");
    Console.WriteLine("|---|---|---|---|");
    Console.WriteLine($"| region.Tell from one sender | {heartbeats:N0} | {watch.Elapsed.TotalSeconds:0.00} | {heartbeats / watch.Elapsed.TotalSeconds:N0} |");
}

Console.WriteLine();

// 4. From a remote client node: a second actor system in this process that joins the cluster with the client role
//    and talks to the host only over TCP loopback, every message serialized, as a client node on another machine
//    would (it shares this process's cores, which makes the figures pessimistic, not flattering). Measured twice in
//    this run, side by side: over mutual TLS, as remoting always is, and over plain TCP to a second host that exists
//    only here, to put a figure on what TLS costs. The product has no switch for plain remoting; the bench gets one by
//    overriding the HOCON, which no setting of a host or client node can do.
{
    const int consumers = 1_000;
    const string plainSystem = "harombe-bench-plain";
    static void PlainRemoting(AkkaConfigurationBuilder akka) =>
        akka.AddHocon("akka.remote.dot-netty.tcp.enable-ssl = false", HoconAddMode.Prepend);
    var plainDir = Directory.CreateTempSubdirectory("harombe-bench-plain-").FullName;
    var plainPort = EmbeddedNode.FreeLoopbackPort();
    var plainHost = await EmbeddedNode.StartAsync(new HarombeOptions
    {
        Port = plainPort, DataDir = plainDir, ActorSystemName = plainSystem, Seeds = [$"akka.tcp://{plainSystem}@127.0.0.1:{plainPort}"],
    }, akka: PlainRemoting);
    var plainClient = await EmbeddedNode.StartClientAsync(new HarombeOptions
    {
        Port = EmbeddedNode.FreeLoopbackPort(), Seeds = [$"akka.tcp://{plainSystem}@127.0.0.1:{plainPort}"], ActorSystemName = plainSystem,
        Cluster = HarombeActors.Actors.Security.ClusterCertificates.IssueForMember(plainDir, Path.Combine(plainDir, "client-node"), "bench plain client node"),
    }, PlainRemoting);
    var client = await EmbeddedNode.StartClientAsync(new HarombeOptions
    {
        Port = EmbeddedNode.FreeLoopbackPort(), Seeds = [$"127.0.0.1:{node.System.Settings.Config.GetInt("akka.remote.dot-netty.tcp.port")}"],
        ActorSystemName = "harombe-bench",
        // A member certificate from the host's cluster CA: remoting is mutual TLS.
        Cluster = HarombeActors.Actors.Security.ClusterCertificates.IssueForMember(dataDir, Path.Combine(dataDir, "client-node"), "bench client node"),
    });
    if (plainHost.System.Settings.Config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl") || !node.System.Settings.Config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"))
        throw new InvalidOperationException("the baseline must be plain TCP and the product TLS");

    var proxy = client.Region;
    async Task<T> AskRemote<T>(ISecretMessage m) where T : class => await proxy.Ask<ISecretReply>(m, timeout) as T
        ?? throw new InvalidOperationException($"unexpected reply to {m.GetType().Name}");

    // 4a. Heartbeats per second from the client node into one secret with 1,000 consumers, and rotation latency asked
    //     from the client node (request and result both cross remoting), on each pair in turn, after a warm-up round of
    //     each (JIT, connections), so neither pays for going first.
    async Task<(double PerSecond, double P50, double P99)> Remote(EmbeddedNode host, EmbeddedNode clientNode, string label)
    {
        async Task<T> AskVia<T>(ISecretMessage m) where T : class => await clientNode.Region.Ask<ISecretReply>(m, timeout) as T
            ?? throw new InvalidOperationException($"unexpected reply to {m.GetType().Name}");
        var path = SecretPath.Parse($"/bench/remote-heartbeats/{label}");
        await host.Region.Ask<ISecretReply>(new WriteSecret(path, SecretValue.Create("initial"), principal), timeout);
        var sink = clientNode.System.ActorOf(Props.Create(() => new NoticeSink(null)), $"remote-notices-{label}");
        var beats = Enumerable.Range(0, consumers).Select(i => new Heartbeat(path, $"svc-{i:0000}", 1, DateTimeOffset.UtcNow, sink)).ToArray();
        foreach (var b in beats) clientNode.Region.Tell(b);
        await WaitFor(async () => await AskVia<SecretStatus>(new GetStatus(path)), s => s.Consumers.Total == consumers);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < remoteHeartbeats; i++) clientNode.Region.Tell(beats[i % consumers]);
        // Same FIFO argument as above, along proxy -> remote region -> secret -> children.
        var list = await AskVia<ConsumerList>(new GetConsumers(path));
        watch.Stop();
        if (list.Consumers.Count != consumers) throw new InvalidOperationException("heartbeats lost");

        var rotated = SecretPath.Parse($"/bench/remote-rotation/{label}");
        await AskVia<SecretWriteAccepted>(new WriteSecret(rotated, SecretValue.Create("initial"), principal));
        var policy = new RotationPolicy { Strategy = RotationStrategy.BlueGreen, RequireVerification = false };
        var samples = new List<double>();
        for (var i = 0; i < rotations + 20; i++)
        {
            var clock = Stopwatch.StartNew();
            var outcome = await AskVia<RotationOutcome>(new RotateSecret(rotated, principal, policy));
            clock.Stop();
            if (!outcome.Result.Success) throw new InvalidOperationException(outcome.Result.Error);
            if (i >= 20) samples.Add(clock.Elapsed.TotalMilliseconds);
        }
        return (remoteHeartbeats / watch.Elapsed.TotalSeconds, Stats.Percentile(samples, 50), Stats.Percentile(samples, 99));
    }

    // Interleaved rounds, each pair's median reported: loopback figures on two shared cores vary by a fifth from run
    // to run, more than TLS costs, so one round of each would say more about the moment than about TLS.
    const int rounds = 3;
    await Remote(plainHost, plainClient, "plain-warm-up");
    await Remote(node, client, "tls-warm-up");
    var plainRounds = new List<(double PerSecond, double P50, double P99)>();
    var tlsRounds = new List<(double PerSecond, double P50, double P99)>();
    for (var round = 0; round < rounds; round++)
    {
        plainRounds.Add(await Remote(plainHost, plainClient, $"plain-{round}"));
        tlsRounds.Add(await Remote(node, client, $"tls-{round}"));
    }
    static (double PerSecond, double P50, double P99) Median(List<(double PerSecond, double P50, double P99)> r) =>
        (Stats.Percentile([.. r.Select(x => x.PerSecond)], 50), Stats.Percentile([.. r.Select(x => x.P50)], 50), Stats.Percentile([.. r.Select(x => x.P99)], 50));
    var plain = Median(plainRounds);
    var tls = Median(tlsRounds);
    await plainClient.DisposeAsync();
    await plainHost.DisposeAsync();
    Directory.Delete(plainDir, recursive: true);
    Console.WriteLine($"| from one remote client node, median of {rounds} interleaved rounds | heartbeats/s ({remoteHeartbeats:N0}, 1,000 consumers) | rotate p50 ms ({rotations}, blue-green) | rotate p99 ms |");
    Console.WriteLine("|---|---|---|---|");
    Console.WriteLine($"| plain TCP (bench baseline only) | {plain.PerSecond:N0} | {plain.P50:0.00} | {plain.P99:0.00} |");
    Console.WriteLine($"| mutual TLS (always on) | {tls.PerSecond:N0} | {tls.P50:0.00} | {tls.P99:0.00} |");
    Console.WriteLine($"| TLS against plain | {(tls.PerSecond / plain.PerSecond - 1) * 100:+0;-0}% | {tls.P50 - plain.P50:+0.00;-0.00} | {tls.P99 - plain.P99:+0.00;-0.00} |");
    Console.WriteLine();

    // 4b. Promotion seen from the client node: the last of 100 consumers there heartbeats the new version; the clock
    //     stops when the Promoted notice arrives back at the client node (two network hops and two persisted events).
    var promotionPath = SecretPath.Parse("/bench/remote-promotion");
    await Ask<SecretWriteAccepted>(new WriteSecret(promotionPath, SecretValue.Create("initial"), principal));
    TaskCompletionSource<RotationNotice>? promotedSeen = null;
    Action<RotationNotice> onNotice = n =>
    {
        if (n.Kind == NoticeKind.Promoted) promotedSeen?.TrySetResult(n);
    };
    var watcher = client.System.ActorOf(Props.Create(() => new NoticeSink(onNotice)), "remote-promotion-notices");
    const int promotionConsumers = 100;
    var ids = Enumerable.Range(0, promotionConsumers).Select(i => $"consumer-{i:000}").ToArray();
    foreach (var id in ids) proxy.Tell(new Heartbeat(promotionPath, id, 1, DateTimeOffset.UtcNow, watcher));
    await WaitFor(async () => await AskRemote<SecretStatus>(new GetStatus(promotionPath)), s => s.Consumers.Total == promotionConsumers);
    var policy = new RotationPolicy { Strategy = RotationStrategy.DualWrite, RequireVerification = false, MigrationTimeout = TimeSpan.FromMinutes(5) };
    var samples = new List<double>();
    for (var run = 0; run < promotionRuns + 3; run++)
    {
        var rotate = region.Ask<ISecretReply>(new RotateSecret(promotionPath, principal, policy), timeout);
        var status = await WaitFor(async () => await AskRemote<SecretStatus>(new GetStatus(promotionPath)), s => s.DualMode);
        var next = status.PendingVersion!.Value;
        foreach (var id in ids[..^1]) proxy.Tell(new Heartbeat(promotionPath, id, next, DateTimeOffset.UtcNow, watcher));
        await WaitFor(async () => await AskRemote<SecretStatus>(new GetStatus(promotionPath)), s => s.Consumers.Migrated == promotionConsumers - 1);
        promotedSeen = new TaskCompletionSource<RotationNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        proxy.Tell(new Heartbeat(promotionPath, ids[^1], next, DateTimeOffset.UtcNow, watcher));
        var notice = await promotedSeen.Task.WaitAsync(timeout);
        clock.Stop();
        if (notice.CurrentVersion != next || !((RotationOutcome)await rotate).Result.Success) throw new InvalidOperationException("promotion did not follow the migration");
        if (run >= 3) samples.Add(clock.Elapsed.TotalMilliseconds);
    }
    Console.WriteLine($"| promotion after the last of {promotionConsumers} remote consumers migrates | runs | p50 ms | p99 ms |");
    Console.WriteLine("|---|---|---|---|");
    Console.WriteLine($"| client heartbeat -> Promoted persisted -> notice back at the client node | {promotionRuns} | {Stats.Percentile(samples, 50):0.00} | {Stats.Percentile(samples, 99):0.00} |");
    await client.DisposeAsync();
}

await node.DisposeAsync();
Directory.Delete(dataDir, recursive: true);
