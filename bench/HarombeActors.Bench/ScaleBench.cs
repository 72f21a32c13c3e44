using System.Diagnostics;
using Akka.Actor;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Actors.Secrets;
using HarombeActors.Actors.Telemetry;
using HarombeActors.Actors.Verification;
using HarombeActors.Domain.Security;
using Microsoft.Extensions.DependencyInjection;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Values;

namespace HarombeActors.Bench;

/// <summary>
/// One node on SQLite at scale: many secrets, many rotations at once, memory per tracked consumer, a restart with every
/// secret remembered, and the recovery of one long history with and without snapshots. Prints a table.
/// </summary>
public static class ScaleBench
{
    private static readonly Principal By = new("bench");
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task RunAsync(int secrets, int concurrent, int consumers, int longHistory)
    {
        var rows = new List<(string Measure, string Result)>();
        var dir = Directory.CreateTempSubdirectory("harombe-scale-").FullName;
        var options = new HarombeOptions { Port = EmbeddedNode.FreeLoopbackPort(), DataDir = dir, ActorSystemName = "harombe-scale" };
        var paths = Enumerable.Range(0, secrets).Select(i => SecretPath.Parse($"/scale/s{i:00000}")).ToArray();

        if (secrets > 0) await Many(rows, options, paths, concurrent, consumers);
        Directory.Delete(dir, true);
        await LongHistory(rows, longHistory);

        Console.WriteLine($"| one node, SQLite, {Environment.ProcessorCount} cores | result |");
        Console.WriteLine("|---|---|");
        foreach (var (measure, result) in rows) Console.WriteLine($"| {measure} | {result} |");
    }

    private static readonly RotationPolicy BlueGreen = new() { Strategy = RotationStrategy.BlueGreen, RequireVerification = false };

    private static async Task Many(List<(string, string)> rows, HarombeOptions options, SecretPath[] paths, int concurrent, int consumers)
    {
        var secrets = paths.Length;
        var policy = BlueGreen;
        var node = await EmbeddedNode.StartAsync(options);
        var created = await Timed(paths, 200, p => new WriteSecret(p, SecretValue.Create("initial-value"), By), node.Region);
        rows.Add(($"{secrets:N0} secrets written (200 at a time)", $"{secrets / created.Elapsed.TotalSeconds:N0}/s"));

        // Rotations at once: every one asked together, each timed from its ask to its result.
        for (var round = 0; round < 3; round++)
        {
            var batch = paths.Skip(round * concurrent).Take(concurrent).ToArray();
            var rotated = await Timed(batch, batch.Length, p => new RotateSecret(p, By, policy), node.Region);
            rows.Add(($"round {round + 1}: {batch.Length:N0} blue-green rotations at once", $"{batch.Length / rotated.Elapsed.TotalSeconds:N0}/s, p50 {Stats.Percentile(rotated.Latencies, 50):0} ms, p99 {Stats.Percentile(rotated.Latencies, 99):0} ms"));
            // As it is measured too (on stderr), so a run stopped later still shows its rounds.
            Console.Error.WriteLine($"{rows[^1].Item1}: {rows[^1].Item2}");
        }

        // Memory per tracked consumer: a consumer actor and its registration in the secret's state.
        var before = Memory();
        var sink = node.System.ActorOf(Props.Create(() => new NoticeSink(null)), "scale-notices");
        var perSecret = 1_000;
        var hosting = paths.Take(Math.Max(1, consumers / perSecret)).ToArray();
        foreach (var path in hosting)
            for (var i = 0; i < perSecret; i++) node.Region.Tell(new Heartbeat(path, $"c-{i:0000}", 1, DateTimeOffset.UtcNow, sink));
        foreach (var path in hosting)
            await Polling.WaitFor(() => Ask<SecretStatus>(node.Region, new GetStatus(path)), s => s.Consumers.Total == perSecret, TimeSpan.FromMinutes(2));
        var tracked = hosting.Length * perSecret;
        rows.Add(($"memory per tracked consumer ({tracked:N0} consumers)", $"{(Memory() - before) / tracked / 1024.0:0.00} KiB"));

        // A restart with every secret remembered: until the node is up, then until every secret answers.
        await node.DisposeAsync();
        var restart = Stopwatch.StartNew();
        node = await EmbeddedNode.StartAsync(options);
        var up = restart.Elapsed;
        await Timed(paths, 500, p => new GetStatus(p), node.Region);
        rows.Add(($"restart with {secrets:N0} remembered secrets: node up / every secret answered", $"{up.TotalSeconds:0.0} s / {restart.Elapsed.TotalSeconds:0.0} s"));
        await node.DisposeAsync();
    }

    /// <summary>
    /// One secret with a long history, recovered with the default snapshots and without any; beside it a secret with one
    /// event, asked first, whose time is what starting a shard costs without any history to replay.
    /// </summary>
    private static async Task LongHistory(List<(string, string)> rows, int longHistory)
    {
        var policy = BlueGreen;
        foreach (var (label, every) in new[] { ("snapshots every 100 events", 100), ("no snapshots", int.MaxValue) })
        {
            var historyDir = Directory.CreateTempSubdirectory("harombe-history-").FullName;
            var historyOptions = new HarombeOptions { Port = EmbeddedNode.FreeLoopbackPort(), DataDir = historyDir, ActorSystemName = "harombe-history", SnapshotEvery = every };
            var path = SecretPath.Parse("/scale/long-history");
            var baseline = SecretPath.Parse("/scale/one-event");
            var events = 0L;
            await using (var writer = await EmbeddedNode.StartAsync(historyOptions))
            {
                await Ask<SecretWriteAccepted>(writer.Region, new WriteSecret(baseline, SecretValue.Create("initial-value"), By));
                await Ask<SecretWriteAccepted>(writer.Region, new WriteSecret(path, SecretValue.Create("initial-value"), By));
                while ((events = (await Ask<SecretHistory>(writer.Region, new GetHistory(path))).Events.Count) < longHistory)
                    for (var i = 0; i < 500; i++) await Ask<RotationOutcome>(writer.Region, new RotateSecret(path, By, policy));
            }
            await using var reader = await EmbeddedNode.StartAsync(historyOptions);
            // Remembered secrets start with their shards; each first ask waits for its secret's recovery.
            var clock = Stopwatch.StartNew();
            await Ask<SecretStatus>(reader.Region, new GetStatus(baseline));
            var one = clock.Elapsed;
            clock.Restart();
            await Ask<SecretStatus>(reader.Region, new GetStatus(path));
            rows.Add(($"first answer after a restart: a secret with 1 event / one with {events:N0} events, {label}", $"{one.TotalMilliseconds:0} ms / {clock.Elapsed.TotalMilliseconds:0} ms"));
            var (oneMedian, oneMax) = await Recovery(reader, baseline);
            var (longMedian, longMax) = await Recovery(reader, path);
            rows.Add(($"recovery alone (fresh instance to first answer, {RecoveryRuns} runs, median / max): 1 event / {events:N0} events, {label}",
                $"{oneMedian:0.0} / {oneMax:0.0} ms; {longMedian:0.0} / {longMax:0.0} ms"));
            await reader.DisposeAsync();
            Directory.Delete(historyDir, true);
        }
    }

    private const int RecoveryRuns = 7;

    /// <summary>
    /// One secret's recovery on its own: a fresh instance of the secret's actor (beside the sharded one, which is already
    /// up, so no shard start and no remembered-entity restart runs at the same time) until it answers a status query.
    /// It only reads. The first answer after a restart mixes this with starting a shard and every other remembered secret.
    /// </summary>
    private static async Task<(double Median, double Max)> Recovery(EmbeddedNode node, SecretPath path)
    {
        var services = node.Services;
        var times = new List<double>();
        for (var i = 0; i < RecoveryRuns; i++)
        {
            var clock = Stopwatch.StartNew();
            var secret = node.System.ActorOf(SecretActor.Props(path.Value, services.GetRequiredService<ISecretCipher>(), services.GetRequiredService<VerificationRegistry>(),
                services.GetRequiredService<SecretActorSettings>(), services.GetRequiredService<HarombeMetrics>(), () => DateTimeOffset.UtcNow));
            await Ask<SecretStatus>(secret, new GetStatus(path));
            times.Add(clock.Elapsed.TotalMilliseconds);
            await secret.GracefulStop(Timeout);
        }
        return (Stats.Percentile(times, 50), times.Max());
    }

    private static long Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task<T> Ask<T>(IActorRef region, ISecretMessage message) where T : class =>
        await region.Ask<ISecretReply>(message, Timeout) as T ?? throw new InvalidOperationException($"unexpected reply to {message.GetType().Name}");

    /// <summary>Asks one message per path, at most <paramref name="parallel"/> at a time; every reply must be a success.</summary>
    internal static async Task<(TimeSpan Elapsed, List<double> Latencies)> Timed(SecretPath[] paths, int parallel, Func<SecretPath, ISecretMessage> message, IActorRef region)
    {
        var latencies = new List<double>(paths.Length);
        var watch = Stopwatch.StartNew();
        foreach (var chunk in paths.Chunk(parallel))
        {
            var asks = chunk.Select(async p =>
            {
                var clock = Stopwatch.StartNew();
                var reply = await region.Ask<ISecretReply>(message(p), Timeout);
                if (reply is CommandRejected or RotationOutcome { Result.Success: false }) throw new InvalidOperationException($"{p}: {reply}");
                return clock.Elapsed.TotalMilliseconds;
            }).ToList();
            latencies.AddRange(await Task.WhenAll(asks));
        }
        return (watch.Elapsed, latencies);
    }
}
