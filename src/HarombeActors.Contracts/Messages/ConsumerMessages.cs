using Akka.Actor;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.State;

namespace HarombeActors.Contracts.Messages;

/// <summary>
/// "I am using version N." Sent by a consumer every few seconds and at once after it switches. The consumer id is
/// raw text on the wire and validated by the secret; <see cref="ReplyTo"/> is where rotation notices are pushed
/// (null keeps the address the consumer had: the front door's heartbeats carry none, its watch streams register one).
/// With <see cref="Ack"/> the sender gets a <see cref="HeartbeatAccepted"/> (or the rejection) back.
/// Heartbeats are not persisted; only a consumer's registration and its version changes are. A resource reports the
/// newest version it accepts. <see cref="Registrant"/> is the front-door token's name (stamped by the front door; null
/// from cluster members): new consumers are limited per token.
/// </summary>
public sealed record Heartbeat(
    SecretPath Path, string ConsumerId, int Version, DateTimeOffset SentAt, IActorRef? ReplyTo, ConsumerRole Role = ConsumerRole.Client, bool Ack = false,
    string? Registrant = null)
    : ISecretMessage, IHarombeMessage;

/// <summary>Sent to a heartbeat's reply address (or its sender) when it is refused (unknown secret, bad id, unknown version).</summary>
public sealed record HeartbeatRejected(SecretPath Path, string ConsumerId, Rejection Rejection) : IHarombeMessage;

/// <summary>The answer to an acknowledged heartbeat: what the consumer should accept and present now.</summary>
public sealed record HeartbeatAccepted(SecretPath Path, int CurrentVersion, IReadOnlyList<int> ValidVersions, int PreferredVersion) : IHarombeMessage;

/// <summary>
/// Makes <see cref="Watcher"/> the place where notices for one consumer go (a front-door stream), and answers it at once
/// with the current notice. Watched until the watcher stops; sent again now and then, so a restarted or moved secret
/// learns it again.
/// </summary>
public sealed record WatchConsumer(SecretPath Path, string ConsumerId, ConsumerRole Role, IActorRef Watcher, string? Registrant = null) : ISecretMessage, IHarombeMessage;

/// <summary>
/// Asks for the progress and the final result of one rotation: <see cref="Watcher"/> gets a
/// <see cref="Domain.Replies.RotationProgress"/> now and after every change, then the <see cref="Domain.Replies.RotationOutcome"/>,
/// read from the journal when the rotation already ended. Idempotent: the front door repeats it, so a result is never
/// lost when the secret restarts, passivates or moves while a caller waits.
/// </summary>
public sealed record WatchRotation(SecretPath Path, RotationId RotationId, IActorRef Watcher) : ISecretMessage, IHarombeMessage;

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

public static class NoticeKindNames
{
    /// <summary>The kind's name in the front door's contract.</summary>
    public static string Name(this NoticeKind kind) => kind switch
    {
        NoticeKind.DualModeStarted => "dual_mode_started",
        NoticeKind.Promoted => "promoted",
        NoticeKind.RolledBack => "rolled_back",
        _ => "valid_versions_changed",
    };
}

/// <summary>
/// Pushed by a secret to every consumer it knows. Carries no value: the consumer reads the versions it needs,
/// and acknowledges by heartbeating the version it now uses (a resource: the newest it accepts).
/// </summary>
public sealed record RotationNotice(
    SecretPath Path, NoticeKind Kind, string? RotationId, int CurrentVersion, IReadOnlyList<int> ValidVersions, int PreferredVersion) : IHarombeMessage;
