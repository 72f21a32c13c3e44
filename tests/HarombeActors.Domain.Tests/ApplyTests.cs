using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;
using static HarombeActors.Domain.Tests.Scenario;

namespace HarombeActors.Domain.Tests;

/// <summary>
/// <see cref="SecretState.Apply"/> one event at a time. The decider's batches hide what a single event does (a
/// RotationCompleted right behind a Promoted ends dual mode anyway), but a recovering actor replays events one by one,
/// so each event must mean by itself what its documentation says.
/// </summary>
public class ApplyTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 13, 0, 0, TimeSpan.Zero);

    /// <summary>A dual-write waiting for "stuck", which is still on v1.</summary>
    private static DomainHarness Waiting()
    {
        var h = Seeded("old-value", "stuck");
        h.Started(Policy(RotationStrategy.DualWrite));
        Assert.Equal(RotationPhase.WaitingForConsumers, h.State.Rotation!.Phase);
        return h;
    }

    private static RolledBack Undo(DomainHarness h) =>
        new(h.Path, h.State.Rotation!.Id, 2, 1, null, null, "undo", Principal.System, At);

    [Fact]
    public void Only_the_candidates_slot_write_makes_a_slot_the_rotations_target()
    {
        var h = Seeded();
        h.Started(Policy(RotationStrategy.BlueGreen, verify: true));
        var seedAt = h.Log.FindIndex(e => e is TargetEnvironmentWritten);
        var seeded = h.Log.Take(seedAt + 1).Aggregate(SecretState.Empty(h.Path), (s, e) => s.Apply(e));
        Assert.Equal((DeploymentSlot.Blue, 1), (seeded.Active, seeded.Blue));
        Assert.Null(seeded.Rotation!.TargetSlot);

        var targeted = seeded.Apply(h.Log[seedAt + 1]);
        Assert.Equal((DeploymentSlot.Green, (int?)null), (targeted.Rotation!.TargetSlot, targeted.Rotation.TargetSlotBefore));
    }

    [Theory]
    [InlineData(MigrationTimeoutAction.Promote, RotationPhase.WaitingForConsumers)]
    [InlineData(MigrationTimeoutAction.Rollback, RotationPhase.WaitingForConsumers)]
    [InlineData(MigrationTimeoutAction.Hold, RotationPhase.Holding)]
    public void A_timeout_changes_the_phase_only_when_it_holds(MigrationTimeoutAction action, RotationPhase phase)
    {
        var h = Waiting();
        var after = h.State.Apply(new MigrationTimedOut(h.Path, h.State.Rotation!.Id, action, ["stuck"], At));
        Assert.Equal(phase, after.Rotation!.Phase);
        Assert.True(after.DualMode);
    }

    [Fact]
    public void Promoted_alone_ends_dual_mode_and_makes_the_new_value_live()
    {
        var h = Waiting();
        var after = h.State.Apply(new Promoted(h.Path, h.State.Rotation!.Id, 2, 1, Principal.System, At));
        Assert.Equal((2, 1, (int?)null), (after.Current, after.Previous, after.Pending));
        Assert.False(after.DualMode);
        Assert.True(after.Rotation!.NewValueLive);
    }

    [Fact]
    public void EnvironmentSwitched_alone_moves_the_pointer_and_makes_the_new_value_live()
    {
        var h = Seeded();
        h.Started(Policy(RotationStrategy.BlueGreen, verify: true));
        var after = h.State.Apply(new EnvironmentSwitched(h.Path, h.State.Rotation!.Id, DeploymentSlot.Blue, DeploymentSlot.Green, 2, 1, At));
        Assert.Equal((DeploymentSlot.Green, 2, 1, (int?)null), (after.Active, after.Current, after.Previous, after.Pending));
        Assert.True(after.Rotation!.NewValueLive);
    }

    [Fact]
    public void RolledBack_alone_ends_dual_mode_and_retires_the_candidate_gracefully()
    {
        var h = Waiting();
        var after = h.State.Apply(Undo(h));
        Assert.False(after.DualMode);
        Assert.Equal((1, (int?)null, 2), (after.Current, after.Pending, after.Retiring));
        Assert.False(after.Rotation!.NewValueLive);
    }

    [Fact]
    public void RolledBack_alone_takes_a_live_new_value_back()
    {
        var h = Seeded();
        h.Started(Policy(RotationStrategy.Immediate, verify: true));
        Assert.True(h.State.Rotation!.NewValueLive);
        var after = h.State.Apply(Undo(h));
        Assert.False(after.Rotation!.NewValueLive);
        Assert.Equal(1, after.Current);
        Assert.False(after.DualMode);
    }

    [Fact]
    public void VersionRetired_clears_only_the_version_being_retired()
    {
        var h = Waiting();
        var retiring = h.State.Apply(Undo(h));
        Assert.Equal(2, retiring.Apply(new VersionRetired(h.Path, 1, "another version", At)).Retiring);
        Assert.Null(retiring.Apply(new VersionRetired(h.Path, 2, "that version", At)).Retiring);
    }

    private sealed record UnknownEvent(SecretPath Path, DateTimeOffset At) : ISecretEvent;

    [Fact]
    public void An_unknown_event_is_refused_not_skipped()
    {
        var state = Seeded().State;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => state.Apply(new UnknownEvent(state.Path, At)));
        Assert.Contains("unknown secret event", e.Message);
    }
}
