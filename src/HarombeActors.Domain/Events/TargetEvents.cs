using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Targets;

namespace HarombeActors.Domain.Events;

// A managed secret's steps at its target (a PostgreSQL server, a Redis server): each is an event, so a rotation
// resumes after a crash from the last step that was done, and the audit trail shows what was done where.

/// <summary>The secret is managed by <see cref="Binding"/>'s backend: its values are generated and set at the target.</summary>
public sealed record CredentialBound(SecretPath Path, TargetBinding Binding, Principal By, DateTimeOffset At) : ISecretEvent;

/// <summary>
/// A rotation is setting its candidate (version <see cref="Version"/>, login <see cref="Login"/>) at the target. From this
/// event on the candidate may be accepted there, so a rotation that fails from here disarms it again.
/// </summary>
public sealed record TargetArming(SecretPath Path, RotationId RotationId, int Version, string Login, DateTimeOffset At) : IRotationEvent;

/// <summary>
/// The target accepts version <see cref="Version"/> (as <see cref="Login"/>). <see cref="AlreadyAccepted"/>: it did
/// before anything was changed (a step resumed after a crash), so nothing was changed. <see cref="RotationId"/> is null
/// when the secret was created.
/// </summary>
public sealed record TargetArmed(SecretPath Path, RotationId? RotationId, int Version, string Login, bool AlreadyAccepted, double DurationMs, DateTimeOffset At) : ISecretEvent;

/// <summary>Version <see cref="Version"/> no longer logs in at the target (its login role disabled, or its password removed).</summary>
public sealed record TargetRetired(SecretPath Path, int Version, string Login, string Reason, DateTimeOffset At) : ISecretEvent;
