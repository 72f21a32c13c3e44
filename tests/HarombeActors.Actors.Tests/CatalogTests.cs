using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence;
using HarombeActors.Actors.Operator;
using HarombeActors.Actors.Tests.Support;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Projections;
using HarombeActors.Domain.Replies;

namespace HarombeActors.Actors.Tests;

/// <summary>
/// The secret catalog (list, stats) kept from tagged events: its figures equal a full scan of every secret's log after many
/// rotations, it saves itself with its offset, and after a restart it resumes from there without counting anything twice.
/// </summary>
public class CatalogTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    protected override TestNode CreateNode() => new(null, AcceptsGood, Gate) { Settings = s => s with { CatalogRefresh = TimeSpan.FromMilliseconds(200) } };

    private async Task<T> Catalog<T>(object question) =>
        await CatalogProjection.AskAsync<T>(Node.System, question, TimeSpan.FromSeconds(15));

    /// <summary>What `stats` counted before the catalog existed: every secret's whole log, read one by one.</summary>
    private async Task<(int Secrets, int Successful, int Failed, int Rollbacks)> FullScan(IEnumerable<Domain.Ids.SecretPath> paths)
    {
        var logs = await Task.WhenAll(paths.Select(Journal));
        var events = logs.SelectMany(l => l).ToList();
        return (logs.Count(l => l.Count > 0), events.Count(e => e is RotationCompleted), events.Count(e => e is RotationFailed), events.Count(e => e is RolledBack));
    }

    [Fact]
    public async Task Stats_from_the_catalog_match_a_full_scan_after_many_rotations_and_after_a_restart()
    {
        var paths = Enumerable.Range(0, 12).Select(i => P($"/catalog/s{i:00}")).ToList();
        foreach (var path in paths) await Put(path, "good-v1");
        var staged = Policy(RotationStrategy.Staged);
        var verified = Policy(RotationStrategy.Staged, "accepts_good");
        for (var i = 0; i < paths.Count; i++)
        {
            await Rotate(paths[i], staged, $"good-{i}-a");
            if (i % 3 == 0) await Rotate(paths[i], verified, $"bad-{i}"); // refused by accepts_good: a failed rotation
            if (i % 4 == 0) await Ask<RotationOutcome>(new RollbackSecret(paths[i], Alice));
        }

        var scanned = await FullScan(paths);
        Assert.Equal((12, 12, 4, 3), scanned);
        var stats = await Catalog<CatalogStats>(GetCatalogStats.Instance);
        Assert.Equal(scanned, (stats.Secrets, stats.Successful, stats.Failed, stats.Rollbacks));

        var page = await Catalog<CatalogPage>(new ListCatalog("/catalog/"));
        Assert.Equal(paths.Select(p => p.Value), page.Secrets.Select(s => s.Path));
        var first = page.Secrets[0];
        Assert.Equal((1, Domain.Rotation.RotationStatus.Failed), (first.CurrentVersion, first.LastStatus)); // s00: rotated, failed once, rolled back
        Assert.Equal((2, Domain.Rotation.RotationStatus.Success), (page.Secrets[1].CurrentVersion, page.Secrets[1].LastStatus));
        // In pages: every path once, in order.
        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var part = await Catalog<CatalogPage>(new ListCatalog("/catalog/", After: cursor, Limit: 5));
            Assert.True(part.Secrets.Count <= 5);
            paged.AddRange(part.Secrets.Select(s => s.Path));
            cursor = part.Next;
        }
        while (cursor is not null);
        Assert.Equal(paths.Select(p => p.Value), paged);

        // Saved with its offset (the refresh tick saves what it folded in).
        await Kit.AwaitAssertAsync(async () =>
        {
            var loaded = await Persistence.Instance.Apply(Node.System).SnapshotStoreFor(null)
                .Ask<LoadSnapshotResult>(new LoadSnapshot("projection-" + CatalogProjection.Name, SnapshotSelectionCriteria.Latest, long.MaxValue), TimeSpan.FromSeconds(10));
            Assert.Equal(stats.Offset, Assert.IsType<SecretCatalog>(loaded.Snapshot?.Snapshot).Offset);
        }, TimeSpan.FromSeconds(20));

        await Node.StopAsync();
        await Node.StartAsync();
        Kit = new Akka.TestKit.Xunit2.TestKit(Node.System);
        var restarted = await Catalog<CatalogStats>(GetCatalogStats.Instance);
        Assert.Equal(stats with { Offset = restarted.Offset }, restarted);

        await Rotate(paths[5], staged, "good-after-restart");
        var after = await Catalog<CatalogStats>(GetCatalogStats.Instance);
        Assert.Equal(stats.Successful + 1, after.Successful);
        Assert.Equal((after.Secrets, after.Successful, after.Failed, after.Rollbacks), await FullScan(paths));
    }
}
