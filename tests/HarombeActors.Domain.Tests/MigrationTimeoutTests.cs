using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;
using static HarombeActors.Domain.Tests.Scenario;

namespace HarombeActors.Domain.Tests;

/// <summary>The migration deadline: who is named as stuck, what the error says, and when no timeout is recorded at all.</summary>
public class MigrationTimeoutTests
{
    private static readonly RotationPolicy Dual = Policy(RotationStrategy.DualWrite) with { MigrationTimeout = TimeSpan.FromSeconds(90.5) };

    [Theory]
    [InlineData(2, "2 of 2 consumers did not migrate (c01, c02)")]
    [InlineData(10, "10 of 10 consumers did not migrate (c01, c02, c03, c04, c05, c06, c07, c08, c09, c10)")]
    [InlineData(11, "11 of 11 consumers did not migrate (c01, c02, c03, c04, c05, c06, c07, c08, c09, c10, ...)")]
    public void A_rollback_on_timeout_names_at_most_ten_stuck_consumers(int consumers, string stuck)
    {
        var h = Seeded("old-value", [.. Enumerable.Range(1, consumers).Select(i => $"c{i:00}")]);
        h.Started(Dual with { OnMigrationTimeout = MigrationTimeoutAction.Rollback });
        var d = h.Deadline();
        Assert.Equal(["MigrationTimedOut", "RolledBack", "VersionRetired", "RotationFailed"], d.Names());
        Assert.Equal(consumers, Assert.IsType<MigrationTimedOut>(d.Events[0]).StuckConsumers.Count);
        Assert.Equal("migration timed out after 90.5 s: " + stuck, d.Outcome().Error);
    }

    [Fact]
    public void Stale_consumers_are_named_as_stuck_but_only_live_ones_block()
    {
        var h = Seeded("old-value", "a", "dead", "moved");
        h.Started(Dual);
        h.Report("moved", 2);
        h.Stale.Add("dead");
        var d = h.Deadline();
        Assert.Equal(["MigrationTimedOut", "Promoted", "RotationCompleted"], d.Names());
        var timedOut = Assert.IsType<MigrationTimedOut>(d.Events[0]);
        Assert.Equal(MigrationTimeoutAction.Promote, timedOut.Action);
        Assert.Equal(["a", "dead"], timedOut.StuckConsumers);
        Assert.Equal(Principal.System, Assert.IsType<Promoted>(d.Events[1]).By);
        var result = d.Outcome();
        Assert.Equal((1, 3), (result.ConsumersMigrated, result.ConsumersTotal));
    }

    [Fact]
    public void When_every_live_consumer_has_moved_the_deadline_promotes_without_recording_a_timeout()
    {
        var h = Seeded("old-value", "a", "gone");
        h.Started(Dual);
        h.Report("a", 2);
        h.Stale.Add("gone"); // went silent, and no evaluation ran before the deadline
        var d = h.Deadline();
        Assert.Equal(["Promoted", "RotationCompleted"], d.Names());
        Assert.Equal("system", Assert.IsType<Promoted>(d.Events[0]).By.Name);
    }

    [Fact]
    public void Resources_that_never_accept_fail_the_rotation_named_in_its_error_whatever_the_timeout_action()
    {
        var h = Seeded();
        h.Report("db1", 1, ConsumerRole.Resource);
        h.Report("db2", 1, ConsumerRole.Resource);
        h.Started(Dual with { OnMigrationTimeout = MigrationTimeoutAction.Promote });
        var d = h.Deadline();
        Assert.Equal(["MigrationTimedOut", "RotationFailed"], d.Names());
        var timedOut = Assert.IsType<MigrationTimedOut>(d.Events[0]);
        Assert.Equal(MigrationTimeoutAction.Rollback, timedOut.Action);
        Assert.Equal(["db1", "db2"], timedOut.StuckConsumers);
        var result = d.Outcome();
        Assert.Equal(RotationStatus.Failed, result.Status);
        Assert.Equal("resources did not accept v2 within 90.5 s (db1, db2); the current value was never changed", result.Error);
    }

    [Fact]
    public void When_every_live_resource_has_accepted_the_deadline_finishes_arming_instead()
    {
        var h = Seeded();
        h.Report("db", 1, ConsumerRole.Resource);
        h.Started(Dual);
        h.Stale.Add("db");
        Assert.Equal(["ResourcesArmed", "DualModeEnabled", "Promoted", "RotationCompleted"], h.Deadline().Names());
    }
}
