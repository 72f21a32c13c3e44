using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Targets;

namespace HarombeActors.Domain.Decisions;

// Managed secrets: the credential lives at a target (PostgreSQL, Redis) and every change is made there first.
//   create:   [target prepared and first login tested, off the mailbox]  CredentialBound, SecretWritten, TargetArmed
//   rotate:   RotationStarted, StagedWritten, TargetArming  [set at the target]  TargetArmed, then the strategy as
//             usual, with the backend's own login test always among the verification tests
//   retire:   whatever the target accepts that nothing may use any more (SecretState.RetirableAtTarget()) is retired
//             there, and TargetRetired records it
// A failure before TargetArmed ends the rotation with the current value untouched; the candidate, possibly armed,
// is then one of the versions to retire.
public static partial class SecretDecider
{
    /// <summary>The verification test every rotation of a managed secret runs: a login at the target with the candidate.</summary>
    public static string BackendTestName(string backend) => "backend:" + backend;

    /// <summary>The tests a verification of the in-flight rotation runs, in order: the policy's, then the backend's login.</summary>
    public static IReadOnlyList<string> VerificationTestsOf(SecretState state)
    {
        var policy = state.Rotation?.Policy ?? state.EffectivePolicy;
        IReadOnlyList<string> tests = policy.VerifiesCandidate ? policy.VerificationTests : [];
        return state.Target is { } target ? [.. tests, BackendTestName(target.Backend)] : tests;
    }

    /// <summary>Checks a creation request before anything is touched at the target; null when it may go ahead.</summary>
    public static Rejection? ValidateCreation(SecretState state, CreateManagedSecret c, DecisionContext ctx)
    {
        if (Requested(state, c.RequestId, WriteVerb) is { Rejection: { } refused }) return refused;
        if (state.Exists)
            return state.Target is { } bound && bound.Backend == c.Backend && bound.Username == c.Username && state.LastRequest?.RequestId == c.RequestId && c.RequestId is not null
                ? null
                : ExistsAlready(state);
        if (!ctx.Backends.TryGetValue(c.Backend, out var backend))
            return Rejection.BadInput("backend", $"'{c.Backend}' is not a configured backend (configured: {(ctx.Backends.Count == 0 ? "none" : string.Join(", ", ctx.Backends.Keys.Order()))})");
        return backend.Kind.ValidateUsername(c.Username);
    }

    /// <summary>
    /// A creation request: refused, or answered at once when it repeats the request that created the secret, or nothing
    /// (the actor then prepares the target, and <see cref="CompleteManagedCreation"/> stores the first version).
    /// </summary>
    private static Decision RequestCreation(SecretState state, CreateManagedSecret c, DecisionContext ctx) =>
        ValidateCreation(state, c, ctx) is { } refused ? Decision.Reject(refused)
        : state.Exists ? new Decision([], new SecretWriteAccepted(state.Path, state.Current!.Value, state.Versions[state.Current.Value].Fingerprint), null)
        : Decision.Nothing;

    private static Rejection ExistsAlready(SecretState state) =>
        new(RejectionCode.InvalidState, $"secret {state.Path} exists already; a managed secret is created once");

    /// <summary>The first version of a managed secret, once its target accepts it.</summary>
    private static Decision CompleteCreation(SecretState state, CompleteManagedCreation c, DecisionContext ctx)
    {
        var request = c.Request;
        // Something else created the secret while the target was being prepared: refused, and nothing is stored.
        if (state.Exists) return Decision.Reject(ExistsAlready(state));
        if (ValidateCreation(state, request, ctx) is { } rejection) return Decision.Reject(rejection);
        var now = ctx.Clock();
        var version = NewVersion(state, c.Value, ctx, now);
        var binding = new TargetBinding(request.Backend, ctx.Backends[request.Backend].Kind, request.Username);
        return new Decision(
            [
                new CredentialBound(state.Path, binding, request.By, now),
                new SecretWritten(state.Path, version, request.By, now, request.RequestId),
                new TargetArmed(state.Path, null, version.Number, c.Login, false, c.DurationMs, now),
            ],
            new SecretWriteAccepted(state.Path, version.Number, version.Fingerprint), null);
    }

    /// <summary>A managed secret's candidate: a new password for the login the current one does not use.</summary>
    private static Values.SecretValue? ManagedCandidate(SecretState state, RotateSecret c, DecisionContext ctx, out Rejection? rejection)
    {
        rejection = null;
        if (state.Target is not { } target) return null;
        if (c.NewValue is not null || c.Generator is not null)
            rejection = Rejection.BadInput(c.NewValue is not null ? "value" : "generator", $"{state.Path} is managed by backend '{target.Backend}': its password is generated, never given");
        else if (!ctx.Backends.TryGetValue(target.Backend, out var backend))
            rejection = new Rejection(RejectionCode.InvalidState, $"backend '{target.Backend}' of {state.Path} is not configured on this host");
        else return ManagedCredential.Generate(CandidateLogin(state), backend).ToValue();
        return null;
    }

    /// <summary>The login a new candidate uses: the one current does not use (PostgreSQL), or the one user (Redis).</summary>
    private static string CandidateLogin(SecretState state) =>
        state.Target!.LoginFor(state.Armed.GetValueOrDefault(state.Rotation?.OldVersion ?? state.Current!.Value));

    /// <summary>After the candidate is stored: a managed secret sets it at the target first; any other goes on at once.</summary>
    private static EventBatch AfterStaged(EventBatch batch, DecisionContext ctx)
    {
        var s = batch.State;
        if (s.Target is null) return AfterCandidate(batch, ctx);
        var r = s.Rotation!;
        return batch.Emit(new TargetArming(s.Path, r.Id, r.NewVersion!.Value, CandidateLogin(s), ctx.Clock()));
    }

    private static Decision CompleteTargetArming(SecretState state, CompleteTargetArming c, DecisionContext ctx)
    {
        // A result for another rotation (cancelled meanwhile) or a step already recorded is ignored.
        if (state.Rotation is not { Phase: RotationPhase.ArmingTarget } r || r.Id != c.RotationId || r.NewVersion != c.Version) return Decision.Nothing;
        var batch = new EventBatch(state);
        if (!c.Success)
            return Finish(Fail(batch, RotationStatus.Failed, $"setting v{c.Version} at backend '{state.Target!.Backend}' failed: {c.Message}; the current value was never changed", ctx));
        batch.Emit(new TargetArmed(state.Path, r.Id, c.Version, state.Armed[c.Version], c.AlreadyAccepted, c.DurationMs, ctx.Clock()));
        return Finish(AfterCandidate(batch, ctx));
    }

    private static Decision CompleteTargetRetirement(SecretState state, CompleteTargetRetirement c, DecisionContext ctx) =>
        state.RetirableAtTarget().Any(a => a.Key == c.Version && a.Value == c.Login)
            ? new Decision([new TargetRetired(state.Path, c.Version, c.Login, c.Reason, ctx.Clock())], null, null)
            : Decision.Nothing;

    /// <summary>Hand-written values and rollbacks to a credential the target no longer accepts are refused for managed secrets.</summary>
    private static Rejection? ManagedRefusal(SecretState state, object command) => (state.Target, command) switch
    {
        ({ } t, WriteSecret) => Rejection.BadInput("value", $"{state.Path} is managed by backend '{t.Backend}': its value is generated and set there; rotate it instead"),
        // Retirable counts as retired: its retirement may be under way at the server already, and a rollback racing it
        // would make current a login the server is about to disable.
        ({ } t, RollbackSecret) when state.Previous is { } previous && (!state.Armed.ContainsKey(previous) || state.RetirableAtTarget().Any(a => a.Key == previous)) =>
            new Rejection(RejectionCode.InvalidState, $"v{previous} of {state.Path} is retired at backend '{t.Backend}' (or being retired) and would be refused there; rotate instead"),
        _ => null,
    };
}
