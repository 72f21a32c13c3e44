using HarombeActors.Domain.Ids;

namespace HarombeActors.Domain.Events;

/// <summary>
/// The secret's next rotation is due at <see cref="DueAt"/>: attempt <see cref="Attempt"/> of cycle <see cref="Cycle"/>
/// (1 and 1 for a regular one; higher after failures, see <see cref="Schedules.RetryPolicy"/>). Persisted, so the time
/// survives restarts, passivation and moves: a time that passed while no host ran the secret is caught up once.
/// </summary>
public sealed record RotationScheduled(SecretPath Path, DateTimeOffset DueAt, int Attempt, int Cycle, string Reason, DateTimeOffset At) : ISecretEvent;

/// <summary>The secret no longer rotates by itself (its schedule was removed).</summary>
public sealed record ScheduleStopped(SecretPath Path, string Reason, DateTimeOffset At) : ISecretEvent;

/// <summary>
/// Scheduled rotation gave up: every retry of every cycle failed. The schedule stops until an operator resumes it or a
/// rotation succeeds. <see cref="LastError"/> is the last attempt's error (never a value).
/// </summary>
public sealed record AttentionNeeded(SecretPath Path, string Reason, string LastError, DateTimeOffset At) : ISecretEvent;

/// <summary>The needs-attention state ended: a rotation succeeded, or <see cref="By"/> resumed the secret.</summary>
public sealed record AttentionCleared(SecretPath Path, Principal By, string Reason, DateTimeOffset At) : ISecretEvent;
