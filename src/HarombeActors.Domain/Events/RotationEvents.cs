using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;

namespace HarombeActors.Domain.Events;

/// <summary>A rotation began. <see cref="RequestId"/> (optional, added later): the caller's key that makes a repeat safe.</summary>
public sealed record RotationStarted(
    SecretPath Path, RotationId RotationId, RotationStrategy Strategy, RotationPolicy Policy, string Trigger,
    Principal By, int OldVersion, DateTimeOffset At, string? RequestId = null) : IRotationEvent;

/// <summary>The candidate value is stored as pending (every strategy writes its candidate this way first).</summary>
public sealed record StagedWritten(SecretPath Path, RotationId RotationId, SecretVersion Version, DateTimeOffset At) : IRotationEvent;

/// <summary>Blue-green: a slot now holds <see cref="Version"/> (the first rotation also seeds the active slot).</summary>
public sealed record TargetEnvironmentWritten(SecretPath Path, RotationId RotationId, DeploymentSlot Slot, int Version, DateTimeOffset At) : IRotationEvent;

/// <summary>A verification attempt began against the candidate.</summary>
public sealed record VerificationStarted(SecretPath Path, RotationId RotationId, int Attempt, IReadOnlyList<string> Tests, DateTimeOffset At) : IRotationEvent;

public sealed record Verified(SecretPath Path, RotationId RotationId, int Attempt, IReadOnlyList<CheckOutcome> Results, DateTimeOffset At) : IRotationEvent;

/// <summary>A verification attempt failed; <see cref="WillRetry"/> says whether another attempt follows (maxRetries).</summary>
public sealed record VerificationFailed(SecretPath Path, RotationId RotationId, int Attempt, IReadOnlyList<CheckOutcome> Results, bool WillRetry, DateTimeOffset At) : IRotationEvent;

/// <summary>
/// Dual-write and blue-green, after verification: the candidate is valid for resources only, and the live resources
/// named here are asked to accept it before any client is told to use it.
/// </summary>
public sealed record ResourcesArming(SecretPath Path, RotationId RotationId, int Version, IReadOnlyList<string> Resources, DateTimeOffset At) : IRotationEvent;

/// <summary>Every live resource accepts the candidate: clients may be told to use it.</summary>
public sealed record ResourcesArmed(SecretPath Path, RotationId RotationId, int Version, DateTimeOffset At) : IRotationEvent;

/// <summary>Dual-write: old and new are both valid; clients are told to move.</summary>
public sealed record DualModeEnabled(SecretPath Path, RotationId RotationId, int OldVersion, int NewVersion, DateTimeOffset At) : IRotationEvent;

public sealed record MigrationTimedOut(
    SecretPath Path, RotationId RotationId, MigrationTimeoutAction Action, IReadOnlyList<string> StuckConsumers, DateTimeOffset At) : IRotationEvent;

/// <summary>The candidate becomes current; the old current becomes previous.</summary>
public sealed record Promoted(SecretPath Path, RotationId RotationId, int NewVersion, int? PreviousVersion, Principal By, DateTimeOffset At) : IRotationEvent;

/// <summary>Blue-green: the active pointer moved; the slot's version is current now.</summary>
public sealed record EnvironmentSwitched(
    SecretPath Path, RotationId RotationId, DeploymentSlot From, DeploymentSlot To, int NewVersion, int? PreviousVersion, DateTimeOffset At) : IRotationEvent;

public sealed record RotationCompleted(SecretPath Path, RotationId RotationId, RotationResult Result, DateTimeOffset At) : IRotationEvent;

/// <summary>The rotation ended without its candidate becoming (or staying) current. Pending and dual mode end; a written slot is restored.</summary>
public sealed record RotationFailed(SecretPath Path, RotationId RotationId, RotationResult Result, DateTimeOffset At) : IRotationEvent;
