using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Generation;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;

namespace HarombeActors.Domain.Decisions;

// The four strategies. Every strategy first writes its candidate as pending (StagedWritten), then:
//   immediate:  Promoted, [verify], done            (a failed verification rolls back when auto-rollback is on)
//   staged:     [verify], Promoted, done
//   dual-write: [verify], [arm resources], DualModeEnabled, wait for live consumers, Promoted, done
//   blue-green: seed active slot (first time), TargetEnvironmentWritten, [verify], [arm resources], EnvironmentSwitched, done
// "Arm resources" (ResourcesArming ... ResourcesArmed) happens only when live resources are registered: the
// candidate becomes valid for them first, and clients are told to use it only once every live resource accepts it.
// Dual-write verifies the candidate *before* dual mode starts, so no consumer ever moves to an unverified value
// (the original verified the ".dual" record instead of the credential, which no real test could pass).
public static partial class SecretDecider
{
    private const int MaxTriggerLength = 64;

    private static Decision Rotate(SecretState state, RotateSecret c, DecisionContext ctx)
    {
        if (!state.Exists) return Decision.Reject(NotFound(state));
        switch (Requested(state, c.RequestId, RotateVerb))
        {
            case { Rejection: { } refused }: return Decision.Reject(refused);
            case { Earlier: not null }: return Repeat(state);
        }
        if (InFlightConflict(state) is { } conflict) return Decision.Reject(conflict);
        var policy = c.Policy ?? state.EffectivePolicy;
        // The schedule is not this rotation's business (it was checked when set): a host without its time zone still rotates.
        if ((policy with { Schedule = null }).Validate(ctx.KnownTests) is { } invalid) return Decision.Reject(invalid);
        if (c.NewValue is not null && c.Generator is not null)
            return Decision.Reject(Rejection.BadInput("value", "give either a value or a generator, not both"));
        if (c.Generator?.Validate() is { } badGenerator) return Decision.Reject(badGenerator);
        if (string.IsNullOrWhiteSpace(c.Trigger) || c.Trigger.Length > MaxTriggerLength)
            return Decision.Reject(Rejection.BadInput("trigger", $"must be 1 to {MaxTriggerLength} characters"));

        var value = ManagedCandidate(state, c, ctx, out var unmanageable) ?? c.NewValue ?? SecretGenerator.Generate(c.Generator ?? GeneratorSpec.Default);
        if (unmanageable is not null) return Decision.Reject(unmanageable);
        var now = ctx.Clock();
        var candidate = NewVersion(state, value, ctx, now);
        if (state.Versions[state.Current!.Value].Fingerprint == candidate.Fingerprint)
            return Decision.Reject(Rejection.BadInput("value", "equals the current value; a rotation needs a new value"));

        var rotationId = RotationId.New();
        var batch = RetireNow(new EventBatch(state), "a rotation started", ctx)
            .Emit(new RotationStarted(state.Path, rotationId, policy.Strategy, policy, c.Trigger, c.By, state.Current.Value, now, c.RequestId))
            .Emit(new StagedWritten(state.Path, rotationId, candidate, now));
        return Finish(AfterStaged(batch, ctx));
    }

    private static EventBatch AfterCandidate(EventBatch batch, DecisionContext ctx)
    {
        var s = batch.State;
        var r = s.Rotation!;
        switch (r.Strategy)
        {
            case RotationStrategy.Immediate:
                batch.Emit(new Promoted(s.Path, r.Id, r.NewVersion!.Value, s.Current, r.By, ctx.Clock()));
                break;
            case RotationStrategy.BlueGreen:
                // The first blue-green rotation seeds the current value into the blue slot, so rollback is a
                // pointer switch from the very first rotation on.
                if (s.Active is null) batch.Emit(new TargetEnvironmentWritten(s.Path, r.Id, DeploymentSlot.Blue, s.Current!.Value, ctx.Clock()));
                var target = batch.State.Active!.Value.Other();
                batch.Emit(new TargetEnvironmentWritten(s.Path, r.Id, target, r.NewVersion!.Value, ctx.Clock()));
                break;
        }
        return VerificationTestsOf(batch.State).Count > 0 ? StartVerification(batch, 1, ctx) : Proceed(batch, ctx);
    }

    private static EventBatch StartVerification(EventBatch batch, int attempt, DecisionContext ctx)
    {
        var s = batch.State;
        var r = s.Rotation!;
        return batch.Emit(new VerificationStarted(s.Path, r.Id, attempt, VerificationTestsOf(s), ctx.Clock()));
    }

    /// <summary>
    /// The step after a passed (or skipped) verification, and after the resources are armed (then no live resource
    /// lacks the candidate any more, so the arming check below lets it through).
    /// </summary>
    private static EventBatch Proceed(EventBatch batch, DecisionContext ctx)
    {
        var s = batch.State;
        var r = s.Rotation!;
        if (r.Strategy is RotationStrategy.DualWrite or RotationStrategy.BlueGreen
            && s.ResourcesNotOn(r.NewVersion!.Value, ctx.StaleConsumers) is { Count: > 0 } resources)
        {
            return batch.Emit(new ResourcesArming(s.Path, r.Id, r.NewVersion.Value, resources, ctx.Clock()));
        }
        switch (r.Strategy)
        {
            case RotationStrategy.Immediate:
                return Complete(batch, ctx);
            case RotationStrategy.Staged:
                return PromoteAndComplete(batch, r.By, ctx);
            case RotationStrategy.DualWrite:
                batch.Emit(new DualModeEnabled(s.Path, r.Id, r.OldVersion, r.NewVersion!.Value, ctx.Clock()));
                return TryPromoteMigrated(batch, ctx);
            case RotationStrategy.BlueGreen:
                var from = s.Active!.Value;
                batch.Emit(new EnvironmentSwitched(s.Path, r.Id, from, r.TargetSlot!.Value, r.NewVersion!.Value, s.Current, ctx.Clock()));
                return Complete(batch, ctx);
            default:
                throw new ArgumentOutOfRangeException(nameof(batch), r.Strategy, "unknown strategy");
        }
    }

    private static Decision CompleteVerification(SecretState state, CompleteVerification c, DecisionContext ctx)
    {
        // A result for another rotation or attempt (e.g. one that was cancelled meanwhile) is ignored.
        if (state.Rotation is not { Phase: RotationPhase.Verifying, VerificationPassed: null } r || r.Id != c.RotationId || r.VerificationAttempts != c.Attempt)
            return Decision.Nothing;
        var batch = new EventBatch(state);
        var now = ctx.Clock();
        if (c.Results.AllPassed())
        {
            batch.Emit(new Verified(state.Path, r.Id, c.Attempt, c.Results, now));
            return Finish(Proceed(batch, ctx));
        }
        var willRetry = c.Attempt <= r.Policy.MaxRetries;
        batch.Emit(new VerificationFailed(state.Path, r.Id, c.Attempt, c.Results, willRetry, now));
        return Finish(willRetry ? batch : FailVerification(batch, c.Results.FailureSummary(), ctx));
    }

    private static Decision RetryVerification(SecretState state, RetryVerification c, DecisionContext ctx) =>
        state.Rotation is { Phase: RotationPhase.Verifying, VerificationPassed: false } r && r.Id == c.RotationId
            ? Finish(StartVerification(new EventBatch(state), r.VerificationAttempts + 1, ctx))
            : Decision.Nothing;

    /// <summary>The last verification attempt failed. Only immediate has a live value to undo.</summary>
    private static EventBatch FailVerification(EventBatch batch, string summary, DecisionContext ctx)
    {
        var s = batch.State;
        var r = s.Rotation!;
        if (r.Strategy != RotationStrategy.Immediate)
            return Fail(batch, RotationStatus.Failed, summary + "; the current value was never changed", ctx);
        if (!r.Policy.AutoRollback)
            return Fail(batch, RotationStatus.Failed, summary + "; the new value stays live because auto-rollback is off", ctx);
        TryRetire(batch.Emit(new RolledBack(s.Path, r.Id, r.NewVersion!.Value, r.OldVersion, r.PreviousBefore, null, "verification failed", r.By, ctx.Clock())), ctx);
        return Fail(batch, RotationStatus.RolledBack, summary + "; rolled back to the old value", ctx);
    }
}
