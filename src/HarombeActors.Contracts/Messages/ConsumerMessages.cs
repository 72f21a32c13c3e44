using Akka.Actor;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.State;

namespace HarombeActors.Contracts.Messages;

/// <summary>
/// "I am using version N." Sent by a consumer every few seconds and at once after it switches. The consumer id is
/// raw text on the wire and validated by the secret; <see cref="ReplyTo"/> is where rotation notices are pushed.
/// Heartbeats are not persisted; only a consumer's registration and its version changes are. A resource reports the
/// newest version it accepts.
/// </summary>
public sealed record Heartbeat(SecretPath Path, string ConsumerId, int Version, DateTimeOffset SentAt, IActorRef ReplyTo, ConsumerRole Role = ConsumerRole.Client)
    : ISecretMessage, IHarombeMessage;

/// <summary>Sent to a heartbeat's reply address when it is refused (unknown secret, bad id, unknown version).</summary>
public sealed record HeartbeatRejected(SecretPath Path, string ConsumerId, Rejection Rejection) : IHarombeMessage;

public enum NoticeKind
{
    /// <summary>Dual mode began: fetch the new value and switch; both are valid until promotion.</summary>
    DualModeStarted,
    /// <summary>A new current value (promotion, blue-green switch, or an operator write).</summary>
    Promoted,
    /// <summary>Current went back to an older version (rollback, cancel, or a migration timeout that rolled back).</summary>
    RolledBack,
    /// <summary>
    /// The valid versions changed without a new current: a verified candidate resources must accept before clients
    /// use it, or one that is valid no longer (a rotation that failed or an idle slot being overwritten).
    /// </summary>
    ValidVersionsChanged,
}

/// <summary>
/// Pushed by a secret to every consumer it knows. Carries no value: the consumer reads the versions it needs,
/// and acknowledges by heartbeating the version it now uses (a resource: the newest it accepts).
/// </summary>
public sealed record RotationNotice(
    SecretPath Path, NoticeKind Kind, string? RotationId, int CurrentVersion, IReadOnlyList<int> ValidVersions, int PreferredVersion) : IHarombeMessage;
