using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Rotation;

namespace HarombeActors.Domain.Projections;

/// <summary>
/// One secret as `secret list` shows it: current version, the strategy its policy (or the running rotation) uses, the
/// running rotation, the last result, the next scheduled time and needs-attention. Kept from the secret's events by
/// <see cref="SecretCatalog"/>; never a value.
/// </summary>
public sealed record SecretSummary(
    string Path,
    int? CurrentVersion = null,
    RotationStrategy Strategy = RotationStrategy.Staged,
    string? RotationId = null,
    RotationStrategy? RotationStrategy = null,
    string? LastRotationId = null,
    RotationStatus? LastStatus = null,
    DateTimeOffset? LastRotationAt = null,
    DateTimeOffset? NextRotationAt = null,
    bool NeedsAttention = false,
    string? Backend = null);
