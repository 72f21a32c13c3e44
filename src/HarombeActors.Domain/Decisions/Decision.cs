using HarombeActors.Domain.Events;
using HarombeActors.Domain.Replies;

namespace HarombeActors.Domain.Decisions;

/// <summary>
/// What the state machine decided: events to persist (possibly none) and the reply to send once they are
/// persisted, or a rejection (nothing is persisted).
/// </summary>
public sealed record Decision(IReadOnlyList<ISecretEvent> Events, ISecretReply? Reply, Rejection? Rejection)
{
    public static readonly Decision Nothing = new([], null, null);

    public static Decision Reject(Rejection rejection) => new([], null, rejection);

    public bool IsRejected => Rejection is not null;
}
