using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.State;

namespace HarombeActors.Domain.Events;

/// <summary>
/// An operator wrote a value directly; version 1 creates the secret. It becomes current at once. <see cref="RequestId"/>
/// (optional, added later): the caller's key that makes a repeat safe.
/// </summary>
public sealed record SecretWritten(SecretPath Path, SecretVersion Version, Principal By, DateTimeOffset At, string? RequestId = null) : ISecretEvent;

/// <summary>The secret's stored policy was set (or cleared, when <see cref="Policy"/> is null).</summary>
public sealed record PolicySet(SecretPath Path, RotationPolicy? Policy, Principal By, DateTimeOffset At) : ISecretEvent;

/// <summary>
/// An operator rolled back, or a rotation undid its own change. Current becomes <see cref="ToVersion"/> and
/// previous <see cref="PreviousAfter"/>: an operator rollback swaps the two (so it can be undone the same way);
/// a rotation that undoes itself restores the previous it found, so the failed candidate is never a rollback target.
/// </summary>
public sealed record RolledBack(
    SecretPath Path, RotationId? RotationId, int FromVersion, int ToVersion, int? PreviousAfter, DeploymentSlot? SwitchedTo,
    string Reason, Principal By, DateTimeOffset At) : ISecretEvent;

/// <summary>
/// A rollback, cancel or promote was made with the caller's <see cref="RequestId"/> and answered <see cref="Outcome"/>:
/// the same request again is answered with it and changes nothing.
/// </summary>
public sealed record RequestRecorded(SecretPath Path, string RequestId, string Verb, Rotation.RotationResult Outcome, DateTimeOffset At) : ISecretEvent;

/// <summary>
/// The version rolled away from is valid no longer: no live client reports it any more (or a new change of the
/// secret needed the slot). Until this event, clients that had moved to it can move back without a failed request.
/// </summary>
public sealed record VersionRetired(SecretPath Path, int Version, string Reason, DateTimeOffset At) : ISecretEvent;
