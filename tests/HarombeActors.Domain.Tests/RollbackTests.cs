using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;
using static HarombeActors.Domain.Tests.Scenario;

namespace HarombeActors.Domain.Tests;

/// <summary>
/// The operator's rollback after each strategy: the event, the state, and every field of its result, with
/// consumers on both sides of it (one live client on the new version, two stale ones still on the old).
/// </summary>
public class RollbackTests
{
    /// <summary>v1 -> v2 by <paramref name="strategy"/>; "a" moved to v2, "b" and "c" (stale) stayed on v1.</summary>
    private static DomainHarness RotatedWithConsumers(RotationStrategy strategy)
    {
        var h = Seeded("v1-value", "a", "b", "c");
        h.Stale.UnionWith(["b", "c"]);
        h.Started(Policy(strategy));
        h.Report("a", 2);
        Assert.Null(h.State.Rotation);
        return h;
    }

    [Theory]
    [InlineData(RotationStrategy.Immediate, null)]
    [InlineData(RotationStrategy.Staged, null)]
    [InlineData(RotationStrategy.DualWrite, null)]
    [InlineData(RotationStrategy.BlueGreen, DeploymentSlot.Blue)]
    public void Rollback_after_each_strategy_restores_v1_and_reports_it_fully(RotationStrategy strategy, DeploymentSlot? switchedTo)
    {
        var h = RotatedWithConsumers(strategy);
        var d = h.Rollback("bad deploy");

        var rolledBack = Assert.IsType<RolledBack>(Assert.Single(d.Events));
        Assert.Equal(new RolledBack(h.Path, null, 2, 1, 2, switchedTo, "bad deploy", DomainHarness.Operator, rolledBack.At), rolledBack);
        var result = d.Outcome();
        Assert.StartsWith("rot-", result.RotationId);
        Assert.True(result.Success);
        Assert.Equal(h.Path.Value, result.SecretPath);
        Assert.Equal(strategy, result.Strategy);
        Assert.Equal(RotationStatus.RolledBack, result.Status);
        Assert.Equal((2, 1), (result.OldVersion, result.NewVersion));
        Assert.True(result.DurationMs > 0);
        Assert.Equal((result.CompletedAt!.Value - result.StartedAt).TotalMilliseconds, result.DurationMs);
        Assert.Null(result.VerificationPassed);
        Assert.True(result.RollbackPerformed);
        Assert.Null(result.Error);
        Assert.Equal((2, 3), (result.ConsumersMigrated, result.ConsumersTotal));

        Assert.Equal((1, 2), (h.State.Current, h.State.Previous));
        Assert.Equal("v1-value", h.CurrentValue);
        Assert.False(h.State.DualMode);
        // "a" still presents v2 and is not refused while it moves back (retiring, or the blue-green idle slot).
        Assert.Equal([1, 2], h.State.ValidVersions);
        Assert.Equal(1, h.State.PreferredVersion);
    }

    [Theory]
    [InlineData(RotationStrategy.Immediate)]
    [InlineData(RotationStrategy.Staged)]
    [InlineData(RotationStrategy.DualWrite)]
    public void The_version_rolled_away_from_is_retired_when_its_last_live_client_moves_back(RotationStrategy strategy)
    {
        var h = RotatedWithConsumers(strategy);
        h.Rollback();
        Assert.Equal(2, h.State.Retiring);
        var d = h.Report("a", 1);
        Assert.Equal(["ConsumerMigrated", "VersionRetired"], d.Names());
        var retired = Assert.IsType<VersionRetired>(d.Events[1]);
        Assert.Equal((2, "no live client uses it any more"), (retired.Version, retired.Reason));
        Assert.Null(h.State.Retiring);
        Assert.Equal([1], h.State.ValidVersions);
    }

    [Fact]
    public void A_blue_green_switch_back_stays_blue_green_even_after_another_strategy_failed_since()
    {
        var h = RotatedWithConsumers(RotationStrategy.BlueGreen);
        h.Started(Policy(RotationStrategy.Staged, verify: true), "v3-value");
        Assert.Equal(RotationStrategy.Staged, h.Verify(Failing).Outcome().Strategy);
        var d = h.Rollback();
        Assert.Equal(DeploymentSlot.Blue, Assert.IsType<RolledBack>(Assert.Single(d.Events)).SwitchedTo);
        Assert.Equal(RotationStrategy.BlueGreen, d.Outcome().Strategy);
    }

    [Fact]
    public void A_rollback_of_plain_writes_reports_the_immediate_strategy()
    {
        var h = Seeded("v1-value");
        h.Write("v2-value");
        var result = h.Rollback().Outcome();
        Assert.Equal(RotationStrategy.Immediate, result.Strategy);
        Assert.Equal((2, 1), (result.OldVersion, result.NewVersion));
    }

    [Fact]
    public void Rolling_back_a_held_dual_write_abandons_it_naming_who_and_why()
    {
        var h = Seeded("v1-value", "stuck");
        h.Started(Policy(RotationStrategy.DualWrite) with { OnMigrationTimeout = MigrationTimeoutAction.Hold });
        h.Deadline();
        var d = h.Rollback("bad deploy");
        Assert.Equal(["RolledBack", "VersionRetired", "RotationFailed"], d.Names());
        var result = d.Outcome();
        Assert.Equal(RotationStatus.RolledBack, result.Status);
        Assert.Equal("rolled back by alice while held: bad deploy", result.Error);
        Assert.Equal(1, result.ConsumersTotal);
        Assert.Equal("v1-value", h.CurrentValue);
    }

    [Theory]
    [InlineData(RotationStrategy.Staged, RotationStatus.Failed, "cancelled by alice; the current value was never changed")]
    [InlineData(RotationStrategy.Immediate, RotationStatus.RolledBack, "cancelled by alice")]
    public void Cancel_says_who_cancelled_and_whether_anything_went_live(RotationStrategy strategy, RotationStatus status, string error)
    {
        var h = Seeded();
        h.Started(Policy(strategy, verify: true));
        var result = h.Send(new CancelRotation(h.Path, DomainHarness.Operator)).Outcome();
        Assert.Equal((status, error), (result.Status, result.Error));
    }

    [Theory]
    [InlineData("write")]
    [InlineData("rotate")]
    public void A_new_change_retires_the_version_still_being_moved_away_from(string change)
    {
        var h = RotatedWithConsumers(RotationStrategy.Staged);
        h.Rollback();
        var d = change == "write" ? h.Write("v3-value") : h.Started(NoVerify, "v3-value");
        var retired = Assert.IsType<VersionRetired>(d.Events[0]);
        Assert.Equal((2, change == "write" ? "a new value was written" : "a rotation started"), (retired.Version, retired.Reason));
        Assert.Equal([3], h.State.ValidVersions);
    }
}
