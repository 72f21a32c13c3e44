using HarombeActors.Domain.Events;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.State;

namespace HarombeActors.Domain.Decisions;

// Request ids: a write or rotation sent again after its answer was lost (a shard moving) is answered as the first
// delivery was and changes nothing. Only the latest change made with a request id is remembered.
public static partial class SecretDecider
{
    private const int MaxRequestIdLength = 64;
    public const string WriteVerb = "write";
    public const string RotateVerb = "rotation";
    public const string RollbackVerb = "rollback";
    public const string CancelVerb = "cancel";
    public const string PromoteVerb = "promote";

    /// <summary>
    /// A command's request id checked: malformed, or the latest request's id on another kind of change, is refused;
    /// the latest request's id on the same kind of change is a repeat (<c>Earlier</c>); anything else is new.
    /// </summary>
    private static (Rejection? Rejection, RequestedChange? Earlier) Requested(SecretState state, string? requestId, string verb)
    {
        if (requestId is null) return (null, null);
        if (requestId.Length is 0 or > MaxRequestIdLength || !requestId.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or ':'))
            return (Rejection.BadInput("requestId", $"must be 1 to {MaxRequestIdLength} letters, digits, '-', '_', '.' or ':'"), null);
        // Writes and rotations, and rollbacks, cancels and promotes, are remembered in slots of their own.
        var change = verb is WriteVerb or RotateVerb;
        var (same, other) = change ? (state.LastRequest, state.LastVerbRequest) : (state.LastVerbRequest, state.LastRequest);
        if (other is { } elsewhere && elsewhere.RequestId == requestId)
            return (Rejection.BadInput("requestId", $"was used for the latest {elsewhere.Kind}; a {verb} needs another"), null);
        if (same is not { } last || last.RequestId != requestId) return (null, null);
        return last.Kind == verb
            ? (null, last)
            : (Rejection.BadInput("requestId", $"was used for the latest {last.Kind}; a {verb} needs another"), null);
    }

    /// <summary>
    /// A rollback, cancel or promote with a request id: a repeat of the latest is answered as it was and writes nothing;
    /// otherwise <paramref name="decide"/> runs, and when it answers with an outcome, the id and that outcome are recorded.
    /// </summary>
    private static Decision Repeatable(SecretState state, string? requestId, string verb, DecisionContext ctx, Func<Decision> decide)
    {
        switch (Requested(state, requestId, verb))
        {
            case { Rejection: { } refused }: return Decision.Reject(refused);
            case { Earlier.Outcome: { } answered }: return new Decision([], new RotationOutcome(answered), null);
        }
        var decision = decide();
        if (requestId is null || decision.Reply is not RotationOutcome outcome) return decision;
        return decision with { Events = [.. decision.Events, new RequestRecorded(state.Path, requestId, verb, outcome.Result, ctx.Clock())] };
    }

    /// <summary>
    /// The same request again (its first answer was lost): nothing new starts. Only the latest started rotation is
    /// remembered, so while a rotation runs it is the requested one (the actor answers as it answers a start), and
    /// once none runs, the last result is the requested rotation's.
    /// </summary>
    private static Decision Repeat(SecretState state) =>
        state.Rotation is null && state.LastResult is { } result ? new Decision([], new Replies.RotationOutcome(result), null) : Decision.Nothing;
}
