using HarombeActors.Domain.Policies;

namespace HarombeActors.Domain.Rotation;

/// <summary>
/// The outcome of one rotation (or operator rollback). Carried by the terminal event, so the log alone answers
/// "what happened" and the statistics can be computed from it after any restart.
/// </summary>
public sealed record RotationResult(
    string RotationId,
    bool Success,
    string SecretPath,
    RotationStrategy Strategy,
    RotationStatus Status,
    int? OldVersion,
    int? NewVersion,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    double DurationMs,
    bool? VerificationPassed,
    bool RollbackPerformed,
    string? Error,
    int ConsumersMigrated,
    int ConsumersTotal);
