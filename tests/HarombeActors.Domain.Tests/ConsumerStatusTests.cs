using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.State;
using static HarombeActors.Domain.Tests.Scenario;

namespace HarombeActors.Domain.Tests;

/// <summary>How each consumer stands as the operator sees it, in every phase, and when the migration wait began.</summary>
public class ConsumerStatusTests
{
    private static MigrationStatus StatusOf(DomainHarness h, string id, bool stale = false) =>
        SecretDecider.StatusOf(h.State, h.State.Consumers[id], stale);

    private static IEnumerable<MigrationStatus> StatusesOf(DomainHarness h, params string[] ids) => ids.Select(id => StatusOf(h, id));

    /// <summary>Resources db1, db2 and clients api and early on v1; "idle" (client) and "legacy" (resource) stale on v1.</summary>
    private static DomainHarness Consumers()
    {
        var h = Seeded("old-value", "api", "early", "idle");
        h.Report("db1", 1, ConsumerRole.Resource);
        h.Report("db2", 1, ConsumerRole.Resource);
        h.Report("legacy", 1, ConsumerRole.Resource);
        h.Stale.UnionWith(["idle", "legacy"]);
        return h;
    }

    [Fact]
    public void Through_a_dual_write_each_consumer_is_pending_migrating_then_completed()
    {
        var h = Consumers();
        h.Started(Policy(RotationStrategy.DualWrite, verify: true));
        Assert.Equal([MigrationStatus.Pending, MigrationStatus.Pending], StatusesOf(h, "api", "db1"));

        h.Verify(Pass);
        // A client reporting early, or one resource of two, records only itself: arming waits for every live resource.
        Assert.Equal(["ConsumerMigrated"], h.Report("early", 2).Names());
        Assert.Equal(["ConsumerMigrated"], h.Report("db1", 2, ConsumerRole.Resource).Names());
        // Arming: resources are migrating or done; clients are not asked anything yet.
        Assert.Equal([MigrationStatus.Completed, MigrationStatus.Migrating, MigrationStatus.Pending], StatusesOf(h, "db1", "db2", "api"));
        Assert.Equal(MigrationStatus.Stale, StatusOf(h, "db2", stale: true));

        h.Report("db2", 2, ConsumerRole.Resource);
        Assert.Equal([MigrationStatus.Completed, MigrationStatus.Migrating], StatusesOf(h, "db1", "api"));

        h.Report("api", 2);
        Assert.Null(h.State.Rotation);
        // Done: clients on current and resources on the newest valid version are completed; the rest pending.
        Assert.Equal(
            [MigrationStatus.Completed, MigrationStatus.Completed, MigrationStatus.Completed, MigrationStatus.Pending, MigrationStatus.Pending],
            StatusesOf(h, "api", "early", "db1", "idle", "legacy"));
    }

    [Fact]
    public void A_held_rotation_still_tells_migrated_from_migrating()
    {
        var h = Seeded("old-value", "a", "b");
        h.Started(Policy(RotationStrategy.DualWrite) with { OnMigrationTimeout = MigrationTimeoutAction.Hold });
        h.Report("a", 2);
        h.Deadline();
        Assert.Equal([MigrationStatus.Completed, MigrationStatus.Migrating], StatusesOf(h, "a", "b"));
    }

    [Fact]
    public void A_resource_of_a_secret_without_a_valid_version_is_pending()
    {
        var record = new ConsumerRecord(ConsumerId.Parse("db"), 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, ConsumerRole.Resource);
        Assert.Equal(MigrationStatus.Pending, SecretDecider.StatusOf(SecretState.Empty(SecretPath.Parse("/a")), record, isStale: false));
    }

    [Fact]
    public void The_migration_wait_starts_when_dual_mode_starts_without_resources()
    {
        var h = Seeded("old-value", "a");
        var enabled = Assert.IsType<DualModeEnabled>(h.Started(Policy(RotationStrategy.DualWrite)).Events[^1]);
        Assert.Equal(enabled.At, h.State.Rotation!.WaitingSince);
    }

    [Fact]
    public void The_migration_wait_starts_when_arming_starts_and_dual_mode_does_not_restart_it()
    {
        var h = Seeded("old-value", "a");
        h.Report("db", 1, ConsumerRole.Resource);
        var arming = Assert.IsType<ResourcesArming>(h.Started(Policy(RotationStrategy.DualWrite)).Events[^1]);
        Assert.Equal(arming.At, h.State.Rotation!.WaitingSince);
        Assert.Contains("DualModeEnabled", h.Report("db", 2, ConsumerRole.Resource).Names());
        Assert.Equal(arming.At, h.State.Rotation!.WaitingSince);
    }

    [Theory]
    [InlineData(RotationStrategy.Staged)]
    [InlineData(RotationStrategy.DualWrite)]
    [InlineData(RotationStrategy.BlueGreen)]
    public void An_unverified_candidate_is_never_valid_nor_preferred(RotationStrategy strategy)
    {
        var h = Seeded();
        h.Started(Policy(strategy, verify: true));
        Assert.Equal(2, h.State.Pending);
        Assert.Equal([1], h.State.ValidVersions);
        Assert.Equal(1, h.State.PreferredVersion);
    }
}
