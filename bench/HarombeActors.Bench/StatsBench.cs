using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Actors.Operator;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Values;

namespace HarombeActors.Bench;

/// <summary>
/// `stats` at scale on one node (SQLite): the secret catalog's answer beside the full scan of every secret's log that
/// `stats` did before the catalog, in one run on the same journal; then right after more rotations (the answer folds them
/// in first) and after a restart (the catalog resumes from its snapshot). Prints a table.
/// </summary>
public static class StatsBench
{
    private static readonly Principal By = new("bench");
    private const int Asks = 50;

    public static async Task RunAsync(int secrets, int rotations)
    {
        var rows = new List<(string Measure, string Result)>();
        var dir = Directory.CreateTempSubdirectory("harombe-stats-").FullName;
        var options = new HarombeOptions { Port = EmbeddedNode.FreeLoopbackPort(), DataDir = dir, ActorSystemName = "harombe-stats" };
        var paths = Enumerable.Range(0, secrets).Select(i => SecretPath.Parse($"/stats/s{i:00000}")).ToArray();
        var policy = new RotationPolicy { Strategy = RotationStrategy.BlueGreen, RequireVerification = false };

        var node = await EmbeddedNode.StartAsync(options);
        await ScaleBench.Timed(paths, 200, p => new WriteSecret(p, SecretValue.Create("initial-value"), By), node.Region);
        await ScaleBench.Timed(paths.Take(rotations).ToArray(), 200, p => new RotateSecret(p, By, policy), node.Region);

        var first = Stopwatch.StartNew();
        var stats = await Stats(node);
        rows.Add(($"first stats after {secrets:N0} secrets and {rotations:N0} rotations were written", $"{first.Elapsed.TotalMilliseconds:0} ms ({stats.Secrets:N0} secrets, {stats.Successful:N0} rotations)"));
        rows.Add(($"stats, {Asks} asks one after another (p50 / p99)", await Repeated(node)));

        var read = Stopwatch.StartNew();
        var tagged = await PersistenceQuery.Get(node.System).ReadJournalFor<ICurrentEventsByTagQuery>("akka.persistence.query.journal.sql")
            .CurrentEventsByTag(Actors.Secrets.EventTags.All, Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), node.System.Materializer());
        rows.Add(("reading every tagged event once, without folding (what the first catch-up reads)", $"{read.Elapsed.TotalMilliseconds:0} ms ({tagged.Count:N0} events)"));

        var scan = Stopwatch.StartNew();
        var scanned = await FullScan(node.System);
        rows.Add(($"the former stats: a full scan of every secret's log (once)", $"{scan.Elapsed.TotalMilliseconds:0} ms ({scanned.Secrets:N0} secrets, {scanned.Rotations:N0} rotations)"));
        if ((scanned.Secrets, scanned.Rotations) != (stats.Secrets, stats.Successful))
            throw new InvalidOperationException($"the catalog ({stats}) and the full scan ({scanned}) disagree");

        await ScaleBench.Timed(paths.Skip(rotations).Take(100).ToArray(), 100, p => new RotateSecret(p, By, policy), node.Region);
        var afterMore = Stopwatch.StartNew();
        stats = await Stats(node);
        rows.Add(("stats right after 100 more rotations (folds their events in first)", $"{afterMore.Elapsed.TotalMilliseconds:0} ms ({stats.Successful:N0} rotations)"));

        await node.DisposeAsync();
        node = await EmbeddedNode.StartAsync(options);
        var restarted = Stopwatch.StartNew();
        var afterRestart = await Stats(node);
        rows.Add(("first stats after a restart (the catalog resumes from its snapshot)", $"{restarted.Elapsed.TotalMilliseconds:0} ms ({afterRestart.Successful:N0} rotations)"));
        rows.Add(($"stats after the restart, {Asks} asks (p50 / p99)", await Repeated(node)));
        await node.DisposeAsync();
        Directory.Delete(dir, true);

        Console.WriteLine($"| stats, one node, SQLite, {Environment.ProcessorCount} cores | result |");
        Console.WriteLine("|---|---|");
        foreach (var (measure, result) in rows) Console.WriteLine($"| {measure} | {result} |");
    }

    private static async Task<CatalogStats> Stats(EmbeddedNode node) =>
        await CatalogProjection.AskAsync<CatalogStats>(node.System, GetCatalogStats.Instance, TimeSpan.FromMinutes(2));

    private static async Task<string> Repeated(EmbeddedNode node)
    {
        var times = new List<double>();
        for (var i = 0; i < Asks; i++)
        {
            var clock = Stopwatch.StartNew();
            await Stats(node);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return $"{HarombeActors.Bench.Stats.Percentile(times, 50):0.0} / {HarombeActors.Bench.Stats.Percentile(times, 99):0.0} ms";
    }

    private static async Task<(int Secrets, int Rotations)> FullScan(ActorSystem system)
    {
        var query = PersistenceQuery.Get(system);
        var materializer = system.Materializer();
        var ids = await query.ReadJournalFor<ICurrentPersistenceIdsQuery>("akka.persistence.query.journal.sql").CurrentPersistenceIds()
            .Where(id => id.StartsWith("secret-", StringComparison.Ordinal)).RunWith(Sink.Seq<string>(), materializer);
        var journal = query.ReadJournalFor<ICurrentEventsByPersistenceIdQuery>("akka.persistence.query.journal.sql");
        var rotations = 0;
        foreach (var id in ids)
            rotations += (await journal.CurrentEventsByPersistenceId(id, 0, long.MaxValue).RunWith(Sink.Seq<EventEnvelope>(), materializer)).Count(e => e.Event is RotationCompleted);
        return (ids.Count, rotations);
    }
}
