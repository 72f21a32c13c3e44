using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.State;

namespace HarombeActors.Domain.Rotation;

/// <summary>The one rotation a secret may have running. Its presence is the per-secret lock.</summary>
public sealed record InFlightRotation(
    RotationId Id,
    RotationStrategy Strategy,
    RotationPolicy Policy,
    string Trigger,
    Principal By,
    DateTimeOffset StartedAt,
    int OldVersion,
    int? PreviousBefore,
    RotationPhase Phase = RotationPhase.Preparing,
    int? NewVersion = null,
    bool NewValueLive = false,
    bool? VerificationPassed = null,
    int VerificationAttempts = 0,
    DeploymentSlot? TargetSlot = null,
    int? TargetSlotBefore = null,
    DateTimeOffset? DualModeSince = null,
    DateTimeOffset? ArmingSince = null)
{
    /// <summary>When the wait that the migration timeout bounds began: arming resources, then dual mode.</summary>
    public DateTimeOffset? WaitingSince => ArmingSince ?? DualModeSince;
}
