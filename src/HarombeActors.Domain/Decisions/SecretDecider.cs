using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;

namespace HarombeActors.Domain.Decisions;

/// <summary>
/// The rotation state machine: <c>Decide(state, command) -> events</c>, with <see cref="SecretState.Apply"/> as
/// its other half. Pure but for the context's clock, cipher and id generation; every rule of a strategy lives here,
/// so it is tested without actors. Validation happens before any event is produced: a rejection writes nothing.
/// </summary>
public static partial class SecretDecider
{
    public static Decision Decide(SecretState state, object command, DecisionContext ctx)
    {
        if (command is ISecretMessage message && message.Path != state.Path)
            return Decision.Reject(Rejection.BadInput("path", $"{message.Path} was delivered to {state.Path}"));
        if (ManagedRefusal(state, command) is { } managed) return Decision.Reject(managed);
        return command switch
        {
            WriteSecret c => Write(state, c, ctx),
            SetPolicy c => SetPolicy(state, c, ctx),
            RotateSecret c => Rotate(state, c, ctx),
            RollbackSecret c => Repeatable(state, c.RequestId, RollbackVerb, ctx, () => Rollback(state, c, ctx)),
            CancelRotation c => Repeatable(state, c.RequestId, CancelVerb, ctx, () => Cancel(state, c, ctx)),
            PromoteRotation c => Repeatable(state, c.RequestId, PromoteVerb, ctx, () => PromoteNow(state, c, ctx)),
            CompleteVerification c => CompleteVerification(state, c, ctx),
            RetryVerification c => RetryVerification(state, c, ctx),
            ObserveConsumer c => ObserveConsumer(state, c, ctx),
            RemoveConsumer c => RemoveConsumer(state, c, ctx),
            ExpireConsumer c => ExpireConsumer(state, c, ctx),
            EvaluateMigration => Finish(Advance(new EventBatch(state), ctx)),
            MigrationDeadlineReached c => MigrationDeadline(state, c, ctx),
            CreateManagedSecret c => RequestCreation(state, c, ctx),
            CompleteManagedCreation c => CompleteCreation(state, c, ctx),
            CompleteTargetArming c => CompleteTargetArming(state, c, ctx),
            CompleteTargetRetirement c => CompleteTargetRetirement(state, c, ctx),
            ScheduledRotationDue c => RotationDue(state, c, ctx),
            ResumeSecret c => Resume(state, c, ctx),
            EmergencyRotate c => Emergency(state, c, ctx),
            ReportSecurityEvent c => SecurityEventReported(state, c, ctx),
            _ => Decision.Reject(Rejection.BadInput("command", $"{command.GetType().Name} is not a secret command")),
        };
    }

    private static Decision Write(SecretState state, WriteSecret c, DecisionContext ctx)
    {
        switch (Requested(state, c.RequestId, WriteVerb))
        {
            case { Rejection: { } refused }: return Decision.Reject(refused);
            case { Earlier.Version: { } written }: return new Decision([], new SecretWriteAccepted(state.Path, written, state.Versions[written].Fingerprint), null);
        }
        if (InFlightConflict(state) is { } conflict) return Decision.Reject(conflict);
        var now = ctx.Clock();
        var version = NewVersion(state, c.Value, ctx, now);
        if (state.Current is { } current && state.Versions[current].Fingerprint == version.Fingerprint)
            return Decision.Reject(Rejection.BadInput("value", "equals the current value; nothing to write"));
        var batch = RetireNow(new EventBatch(state), "a new value was written", ctx).Emit(new SecretWritten(state.Path, version, c.By, now, c.RequestId));
        return new Decision(batch.Events, new SecretWriteAccepted(state.Path, version.Number, version.Fingerprint), null);
    }

    private static Decision SetPolicy(SecretState state, SetPolicy c, DecisionContext ctx)
    {
        if (!state.Exists) return Decision.Reject(NotFound(state));
        if (c.Policy?.Validate(ctx.KnownTests) is { } invalid) return Decision.Reject(invalid);
        var batch = ScheduleAfterPolicy(new EventBatch(state).Emit(new PolicySet(state.Path, c.Policy, c.By, ctx.Clock())), state.Policy, ctx);
        return new Decision(batch.Events, new PolicyAccepted(state.Path, c.Policy, batch.State.Due?.At), null);
    }

    /// <summary>Operator rollback: restore previous as current (a pointer switch when previous sits in the other blue-green slot).</summary>
    private static Decision Rollback(SecretState state, RollbackSecret c, DecisionContext ctx)
    {
        if (!state.Exists) return Decision.Reject(NotFound(state));
        // A held dual-write waits for exactly this decision, so rollback there means "abandon the rotation".
        if (state.Rotation is { Phase: RotationPhase.Holding }) return Abandon(state, $"rolled back by {c.By} while held: {c.Reason}", c.By, ctx);
        if (InFlightConflict(state) is { } conflict) return Decision.Reject(conflict);
        if (state.Previous is not { } previous)
            return Decision.Reject(new Rejection(RejectionCode.InvalidState, $"{state.Path} has no previous version to roll back to"));

        var startedAt = ctx.Clock();
        var from = state.Current!.Value;
        DeploymentSlot? switchTo = state.Active is { } active && state.Slot(active.Other()) == previous ? active.Other() : null;
        var batch = TryRetire(new EventBatch(state).Emit(new RolledBack(state.Path, null, from, previous, from, switchTo, c.Reason, c.By, startedAt)), ctx);
        var completedAt = ctx.Clock();
        var result = new RotationResult(
            RotationId.New().Value, true, state.Path.Value,
            switchTo is not null ? RotationStrategy.BlueGreen : state.LastResult?.Strategy ?? RotationStrategy.Immediate,
            RotationStatus.RolledBack, from, previous, startedAt, completedAt, (completedAt - startedAt).TotalMilliseconds,
            null, true, null, state.Consumers.Values.Count(x => x.Version == previous), state.Consumers.Count);
        return new Decision(batch.Events, new RotationOutcome(result), null);
    }

    private static Decision Cancel(SecretState state, CancelRotation c, DecisionContext ctx) =>
        state.Rotation is null
            ? Decision.Reject(new Rejection(RejectionCode.InvalidState, $"no rotation of {state.Path} is in progress"))
            : Abandon(state, $"cancelled by {c.By}", c.By, ctx);

    private static Decision PromoteNow(SecretState state, PromoteRotation c, DecisionContext ctx)
    {
        if (state.Rotation is not { Phase: RotationPhase.WaitingForConsumers or RotationPhase.Holding })
            return Decision.Reject(new Rejection(RejectionCode.InvalidState, $"{state.Path} has no dual-write rotation waiting for consumers"));
        return Finish(PromoteAndComplete(new EventBatch(state), c.By, ctx));
    }

    // ---- shared pieces ------------------------------------------------------------------------------------

    internal static Rejection? InFlightConflict(SecretState state) =>
        state.Rotation is { } r
            ? new Rejection(RejectionCode.Conflict,
                $"Rotation already in progress: {r.Id} ({r.Strategy.Name()}, phase {r.Phase.Name()}, started {r.StartedAt:O} by {r.By})")
            : null;

    private static Rejection NotFound(SecretState state) =>
        new(RejectionCode.NotFound, $"secret {state.Path} does not exist; write it first");

    private static SecretVersion NewVersion(SecretState state, Values.SecretValue value, DecisionContext ctx, DateTimeOffset now)
    {
        var number = state.NextVersionNumber;
        return new SecretVersion(number, ctx.Cipher.Fingerprint(value), ctx.Cipher.Seal(state.Path, number, value), now);
    }

    /// <summary>The batch's events with the final rotation result as reply when the batch ended the rotation.</summary>
    private static Decision Finish(EventBatch batch) =>
        new(batch.Events, batch.Events.LastOrDefault(e => e is RotationCompleted or RotationFailed) switch
        {
            RotationCompleted done => new RotationOutcome(done.Result),
            RotationFailed failed => new RotationOutcome(failed.Result),
            _ => null,
        }, null);

    private static RotationResult Result(SecretState state, RotationStatus status, bool rollbackPerformed, string? error, DecisionContext ctx)
    {
        var r = state.Rotation!;
        var completedAt = ctx.Clock();
        return new RotationResult(
            r.Id.Value, status == RotationStatus.Success, state.Path.Value, r.Strategy, status, r.OldVersion, r.NewVersion,
            r.StartedAt, completedAt, (completedAt - r.StartedAt).TotalMilliseconds, r.VerificationPassed, rollbackPerformed, error,
            state.Consumers.Values.Count(x => x.Version == r.NewVersion), state.Consumers.Count);
    }

    private static EventBatch Complete(EventBatch batch, DecisionContext ctx)
    {
        var r = batch.State.Rotation!;
        var result = Result(batch.State, RotationStatus.Success, false, null, ctx);
        batch.Emit(new RotationCompleted(batch.State.Path, r.Id, result, result.CompletedAt!.Value));
        return AfterRotationEnded(batch, r.Trigger, r.By, null, result.CompletedAt.Value);
    }

    /// <param name="endedBy">An operator who ended the rotation on purpose (cancel, a rollback of a held one, an emergency): no failed attempt.</param>
    private static EventBatch Fail(EventBatch batch, RotationStatus status, string error, DecisionContext ctx, Principal? endedBy = null)
    {
        var r = batch.State.Rotation!;
        var result = Result(batch.State, status, status == RotationStatus.RolledBack, error, ctx);
        batch.Emit(new RotationFailed(batch.State.Path, r.Id, result, result.CompletedAt!.Value));
        return AfterRotationEnded(batch, r.Trigger, r.By, error, result.CompletedAt.Value, endedBy);
    }

    private static EventBatch PromoteAndComplete(EventBatch batch, Principal by, DecisionContext ctx)
    {
        var s = batch.State;
        var r = s.Rotation!;
        batch.Emit(new Promoted(s.Path, r.Id, r.NewVersion!.Value, s.Current, by, ctx.Clock()));
        return Complete(batch, ctx);
    }

    /// <summary>
    /// Ends the in-flight rotation and returns everyone to the old value: undoes a live new value (immediate),
    /// or ends dual mode (consumers that moved are told to move back); otherwise nothing went live.
    /// </summary>
    private static Decision Abandon(SecretState state, string reason, Principal by, DecisionContext ctx) =>
        Finish(Abandon(new EventBatch(state), reason, by, ctx));

    private static EventBatch Abandon(EventBatch batch, string reason, Principal by, DecisionContext ctx)
    {
        var s = batch.State;
        var r = s.Rotation!;
        var endedBy = by == Principal.System ? (Principal?)null : by;
        if (r.NewValueLive)
        {
            TryRetire(batch.Emit(new RolledBack(s.Path, r.Id, s.Current!.Value, r.OldVersion, r.PreviousBefore, null, reason, by, ctx.Clock())), ctx);
            return Fail(batch, RotationStatus.RolledBack, reason, ctx, endedBy);
        }
        if (s.DualMode)
        {
            TryRetire(batch.Emit(new RolledBack(s.Path, r.Id, r.NewVersion!.Value, r.OldVersion, s.Previous, null, reason, by, ctx.Clock())), ctx);
            return Fail(batch, RotationStatus.RolledBack, reason, ctx, endedBy);
        }
        return Fail(batch, RotationStatus.Failed, reason + "; the current value was never changed", ctx, endedBy);
    }
}
