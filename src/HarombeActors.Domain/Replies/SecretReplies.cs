using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;

namespace HarombeActors.Domain.Replies;

/// <summary>Marker for every answer a secret gives.</summary>
public interface ISecretReply;

public sealed record CommandRejected(string Path, Rejection Rejection) : ISecretReply;

public sealed record SecretWriteAccepted(SecretPath Path, int Version, string Fingerprint) : ISecretReply;

/// <summary>The policy is stored; <see cref="NextRotationAt"/>: when its schedule rotates the secret next (null: no schedule, or needs attention).</summary>
public sealed record PolicyAccepted(SecretPath Path, RotationPolicy? Policy, DateTimeOffset? NextRotationAt = null) : ISecretReply;

/// <summary>An emergency rotation started (<see cref="Result"/> set when it also ended within the same step).</summary>
public sealed record EmergencyStarted(SecretPath Path, string RotationId, RotationStrategy Strategy, string? Preempted, RotationResult? Result) : ISecretReply;

/// <summary>What the trigger rules made of a security event: whether it rotated the secret, and why (or why not).</summary>
public sealed record SecurityEventAssessed(SecretPath Path, bool Rotated, string Reason, string? RotationId) : ISecretReply;

/// <summary>Needs-attention is over; the schedule rotates the secret next at <see cref="NextRotationAt"/> (null: no schedule).</summary>
public sealed record SecretResumed(SecretPath Path, DateTimeOffset? NextRotationAt) : ISecretReply;

/// <summary>The answer to a rotate that does not wait: the rotation has started (its first events are persisted).</summary>
public sealed record RotationAccepted(SecretPath Path, string RotationId, RotationStrategy Strategy, RotationStatus Status, string Phase) : ISecretReply;

/// <summary>The final answer to a rotate, rollback, cancel or promote.</summary>
public sealed record RotationOutcome(RotationResult Result) : ISecretReply;

/// <summary>One value. <see cref="Value"/> is null unless the read asked to reveal it.</summary>
public sealed record SecretRead(SecretPath Path, string Selector, int Version, string Fingerprint, DateTimeOffset CreatedAt, SecretValue? Value) : ISecretReply;

public sealed record RotationInfo(string RotationId, RotationStrategy Strategy, string Phase, RotationStatus Status, DateTimeOffset StartedAt, int OldVersion, int? NewVersion);

public sealed record ConsumerCounts(int Total, int Migrated, int Stale);

public sealed record VersionInfo(int Version, string Fingerprint, DateTimeOffset CreatedAt, IReadOnlyList<string> Labels);

public sealed record SecretStatus(
    SecretPath Path,
    bool Exists,
    int? CurrentVersion,
    int? PendingVersion,
    int? PreviousVersion,
    string? ActiveEnvironment,
    int? BlueVersion,
    int? GreenVersion,
    bool DualMode,
    IReadOnlyList<int> ValidVersions,
    int? PreferredVersion,
    RotationInfo? Rotation,
    ConsumerCounts Consumers,
    RotationPolicy Policy,
    bool PolicyIsDefault,
    RotationResult? LastRotation,
    IReadOnlyList<VersionInfo> Versions,
    ManagedInfo? Managed = null,
    DueRotation? NextRotation = null,
    NeedsAttention? Attention = null) : ISecretReply;

/// <summary>
/// A managed secret's backend, and the login each version accepted at its server uses. <see cref="Sessions"/> (open
/// sessions per login, as the server counts them) is filled by the front door from its own backend, when it can tell.
/// </summary>
public sealed record ManagedInfo(
    string Backend, string Kind, string Username, IReadOnlyList<ArmedLogin> Armed, IReadOnlyDictionary<string, int>? Sessions = null,
    IReadOnlyList<RetirementWait>? WaitingOnSessions = null);

/// <summary>A version no longer valid whose login is not retired yet because the server still counts open sessions on it.</summary>
public sealed record RetirementWait(int Version, string Login, int Sessions);

public sealed record ArmedLogin(int Version, string Login);

/// <summary>What a dry run found, test by test (messages scrubbed of the value).</summary>
public sealed record VerificationReport(SecretPath Path, int Version, IReadOnlyList<Rotation.CheckOutcome> Results) : ISecretReply
{
    public bool Passed => Results.Count > 0 && Results.All(r => r.Success);
}

public sealed record HistoryEntry(long SequenceNr, string Type, DateTimeOffset At, string Summary);

public sealed record SecretHistory(SecretPath Path, IReadOnlyList<HistoryEntry> Events) : ISecretReply;

/// <summary>One consumer as listed; <paramref name="Registrant"/> is the front-door token that owns it (null: a cluster member's).</summary>
public sealed record ConsumerInfo(string ConsumerId, int SecretVersion, DateTimeOffset? LastHeartbeat, MigrationStatus MigrationStatus, ConsumerRole Role = ConsumerRole.Client, string? Registrant = null);

/// <summary>One value a consumer may use now.</summary>
public sealed record ValidValue(int Version, string Fingerprint, SecretValue Value);

/// <summary>Every value valid now (never a retired or unverified one), and which to present.</summary>
public sealed record ValidValues(SecretPath Path, int CurrentVersion, int PreferredVersion, IReadOnlyList<ValidValue> Values) : ISecretReply;

/// <summary>Where a watched rotation stands: sent to its watchers after every change.</summary>
public sealed record RotationProgress(string RotationId, string Phase, int Migrated, int Total, int Stale) : ISecretReply;

public sealed record ConsumerList(SecretPath Path, int? TargetVersion, IReadOnlyList<ConsumerInfo> Consumers) : ISecretReply;

/// <summary>The answer to <see cref="Commands.RemoveConsumer"/>: the consumer is forgotten (its removal is persisted).</summary>
public sealed record ConsumerRemovalAccepted(SecretPath Path, string ConsumerId, int RemainingConsumers) : ISecretReply;
