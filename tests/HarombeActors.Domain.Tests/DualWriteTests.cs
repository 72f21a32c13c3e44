using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;

namespace HarombeActors.Domain.Tests;

public class DualWriteTests
{
    private static readonly RotationPolicy Dual = new() { Strategy = RotationStrategy.DualWrite, RequireVerification = false };

    private static DomainHarness WithConsumers(params string[] ids)
    {
        var h = new DomainHarness();
        h.Write("old-value");
        foreach (var id in ids) h.Send(new ObserveConsumer(ConsumerId.Parse(id), 1));
        return h;
    }

    private static void Start(DomainHarness h, RotationPolicy? policy = null) =>
        Assert.False(h.Send(new RotateSecret(h.Path, DomainHarness.Operator, policy ?? Dual, SecretValue.Create("new-value"))).IsRejected);

    private static Decision Report(DomainHarness h, string id, int version) => h.Send(new ObserveConsumer(ConsumerId.Parse(id), version));

    [Fact]
    public void Dual_mode_makes_both_values_valid_and_waits_for_consumers()
    {
        var h = WithConsumers("a", "b");
        Start(h);
        Assert.True(h.State.DualMode);
        Assert.Equal([1, 2], h.State.ValidVersions);
        Assert.Equal(RotationPhase.WaitingForConsumers, h.State.Rotation!.Phase);
        Assert.Equal("old-value", h.CurrentValue);
        Assert.Equal(MigrationStatus.Migrating, SecretDecider.StatusOf(h.State, h.State.Consumers["a"], false));
    }

    [Fact]
    public void Promotion_happens_in_the_same_decision_as_the_last_consumer_migrating()
    {
        var h = WithConsumers("a", "b");
        Start(h);
        var first = Report(h, "a", 2);
        Assert.Equal(["ConsumerMigrated"], first.Events.Select(e => e.GetType().Name));
        var last = Report(h, "b", 2);
        Assert.Equal(["ConsumerMigrated", "Promoted", "RotationCompleted"], last.Events.Select(e => e.GetType().Name));
        var result = Assert.IsType<RotationOutcome>(last.Reply).Result;
        Assert.True(result.Success);
        Assert.Equal(2, result.ConsumersMigrated);
        Assert.Equal(2, result.ConsumersTotal);
        Assert.Equal("new-value", h.CurrentValue);
        Assert.Equal([2], h.State.ValidVersions);
        Assert.Equal(MigrationStatus.Completed, SecretDecider.StatusOf(h.State, h.State.Consumers["a"], false));
    }

    [Fact]
    public void With_no_live_consumers_dual_write_promotes_at_once()
    {
        var h = WithConsumers("gone");
        h.Stale.Add("gone");
        Start(h);
        Assert.Null(h.State.Rotation);
        Assert.Equal("new-value", h.CurrentValue);
    }

    [Fact]
    public void Stale_consumers_do_not_block_promotion()
    {
        var h = WithConsumers("a", "dead");
        Start(h);
        Report(h, "a", 2);
        Assert.NotNull(h.State.Rotation);
        h.Stale.Add("dead");
        var d = h.Send(EvaluateMigration.Instance);
        Assert.Equal(RotationStatus.Success, Assert.IsType<RotationOutcome>(d.Reply).Result.Status);
        Assert.Equal(MigrationStatus.Stale, SecretDecider.StatusOf(h.State, h.State.Consumers["dead"], true));
    }

    [Fact]
    public void A_consumer_registering_during_dual_mode_counts()
    {
        var h = WithConsumers("a");
        Start(h);
        Assert.Empty(Report(h, "late", 1).Events.OfType<Promoted>());
        Report(h, "a", 2);
        Assert.NotNull(h.State.Rotation);
        Assert.Contains(Report(h, "late", 2).Events, e => e is Promoted);
    }

    [Fact]
    public void Heartbeats_claiming_unknown_versions_are_rejected_and_change_nothing()
    {
        var h = WithConsumers("a");
        var d = Report(h, "a", 9);
        Assert.Equal("version", d.Rejection!.Field);
        Assert.Empty(d.Events);
        Assert.Equal(1, h.State.Consumers["a"].Version);
    }

    [Fact]
    public void Repeated_heartbeats_with_the_same_version_persist_nothing() =>
        Assert.Same(Decision.Nothing, Report(WithConsumers("a"), "a", 1));

    [Fact]
    public void Timeout_with_promote_promotes_and_names_the_stuck_consumers()
    {
        var h = WithConsumers("a", "stuck");
        Start(h);
        Report(h, "a", 2);
        var d = h.Send(new MigrationDeadlineReached(h.State.Rotation!.Id));
        var timedOut = Assert.IsType<MigrationTimedOut>(d.Events[0]);
        Assert.Equal(["stuck"], timedOut.StuckConsumers);
        var result = Assert.IsType<RotationOutcome>(d.Reply).Result;
        Assert.True(result.Success);
        Assert.Equal(1, result.ConsumersMigrated);
        Assert.Equal("new-value", h.CurrentValue);
        Assert.Equal("old-value", h.ValueOf(h.State.Previous));
    }

    [Fact]
    public void Timeout_with_rollback_abandons_the_new_value()
    {
        var h = WithConsumers("stuck");
        Start(h, Dual with { OnMigrationTimeout = MigrationTimeoutAction.Rollback });
        var d = h.Send(new MigrationDeadlineReached(h.State.Rotation!.Id));
        var result = Assert.IsType<RotationOutcome>(d.Reply).Result;
        Assert.Equal(RotationStatus.RolledBack, result.Status);
        Assert.True(result.RollbackPerformed);
        Assert.Contains("migration timed out", result.Error);
        Assert.Contains(d.Events, e => e is RolledBack);
        Assert.Equal("old-value", h.CurrentValue);
        Assert.False(h.State.DualMode);
    }

    [Fact]
    public void Timeout_with_hold_keeps_dual_mode_until_an_operator_decides()
    {
        var h = WithConsumers("stuck");
        Start(h, Dual with { OnMigrationTimeout = MigrationTimeoutAction.Hold });
        h.Send(new MigrationDeadlineReached(h.State.Rotation!.Id));
        Assert.Equal(RotationPhase.Holding, h.State.Rotation!.Phase);
        Assert.Equal(RotationStatus.Pending, h.State.Rotation.Phase.Status());
        Assert.True(h.State.DualMode);
        var result = Assert.IsType<RotationOutcome>(h.Send(new PromoteRotation(h.Path, DomainHarness.Operator)).Reply).Result;
        Assert.True(result.Success);
        Assert.Equal("alice", h.Log.OfType<Promoted>().Single().By.Name);
    }

    [Fact]
    public void Rollback_of_a_held_rotation_abandons_it()
    {
        var h = WithConsumers("stuck");
        Start(h, Dual with { OnMigrationTimeout = MigrationTimeoutAction.Hold });
        h.Send(new MigrationDeadlineReached(h.State.Rotation!.Id));
        var result = Assert.IsType<RotationOutcome>(h.Send(new RollbackSecret(h.Path, DomainHarness.Operator)).Reply).Result;
        Assert.Equal(RotationStatus.RolledBack, result.Status);
        Assert.Equal("old-value", h.CurrentValue);
        Assert.Null(h.State.Rotation);
    }

    [Fact]
    public void Cancel_during_dual_mode_rolls_consumers_back()
    {
        var h = WithConsumers("a", "b");
        Start(h);
        Report(h, "a", 2);
        var result = Assert.IsType<RotationOutcome>(h.Send(new CancelRotation(h.Path, DomainHarness.Operator)).Reply).Result;
        Assert.Equal(RotationStatus.RolledBack, result.Status);
        Assert.True(result.RollbackPerformed);
        Assert.Equal("old-value", h.CurrentValue);
        // "a" already moved to v2: v2 stays valid until it has moved back, so moving back fails no request.
        Assert.Equal([1, 2], h.State.ValidVersions);
        Assert.Equal(1, h.State.PreferredVersion);
        Assert.Equal(MigrationStatus.Pending, SecretDecider.StatusOf(h.State, h.State.Consumers["a"], false));
        Assert.Equal(["ConsumerMigrated", "VersionRetired"], Report(h, "a", 1).Events.Select(e => e.GetType().Name));
        Assert.Equal([1], h.State.ValidVersions);
    }

    [Fact]
    public void Dual_write_verifies_the_candidate_before_anyone_is_told()
    {
        var h = WithConsumers("a");
        Start(h, Dual with { RequireVerification = true, VerificationTests = ["db_login"], MaxRetries = 0 });
        Assert.False(h.State.DualMode);
        Assert.Equal(RotationPhase.Verifying, h.State.Rotation!.Phase);
        var failed = h.Send(new CompleteVerification(h.State.Rotation.Id, 1, [new CheckOutcome("db_login", false, "no", 1)]));
        Assert.Equal(RotationStatus.Failed, Assert.IsType<RotationOutcome>(failed.Reply).Result.Status);
        Assert.DoesNotContain(h.Log, e => e is DualModeEnabled);
        Assert.Equal("old-value", h.CurrentValue);
    }

    [Fact]
    public void A_deadline_for_another_rotation_is_ignored()
    {
        var h = WithConsumers("a");
        Start(h);
        Assert.Same(Decision.Nothing, h.Send(new MigrationDeadlineReached(new RotationId("rot-old"))));
    }
}
