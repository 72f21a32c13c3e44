using HarombeActors.Domain.State;

namespace HarombeActors.Domain.Decisions;

// Request ids: a write or rotation sent again after its answer was lost (a shard moving) is answered as the first
// delivery was and changes nothing. Only the latest change made with a request id is remembered.
public static partial class SecretDecider
{
    private const int MaxRequestIdLength = 64;

    /// <summary>
    /// A command's request id checked: malformed, or the latest request's id on another kind of change, is refused;
    /// the latest request's id on the same kind of change is a repeat (<c>Earlier</c>); anything else is new.
    /// </summary>
    private static (Rejection? Rejection, RequestedChange? Earlier) Requested(SecretState state, string? requestId, bool rotation)
    {
        if (requestId is null) return (null, null);
        if (requestId.Length is 0 or > MaxRequestIdLength || !requestId.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or ':'))
            return (Rejection.BadInput("requestId", $"must be 1 to {MaxRequestIdLength} letters, digits, '-', '_', '.' or ':'"), null);
        if (state.LastRequest is not { } last || last.RequestId != requestId) return (null, null);
        return (last.RotationId is not null) == rotation
            ? (null, last)
            : (Rejection.BadInput("requestId", $"was used for the latest {(rotation ? "write" : "rotation")}; a {(rotation ? "rotation" : "write")} needs another"), null);
    }

    /// <summary>
    /// The same request again (its first answer was lost): nothing new starts. Only the latest started rotation is
    /// remembered, so while a rotation runs it is the requested one (the actor answers as it answers a start), and
    /// once none runs, the last result is the requested rotation's.
    /// </summary>
    private static Decision Repeat(SecretState state) =>
        state.Rotation is null && state.LastResult is { } result ? new Decision([], new Replies.RotationOutcome(result), null) : Decision.Nothing;
}
