namespace HarombeActors.Domain.Rotation;

/// <summary>The six statuses of the contract; every one is produced (see <see cref="RotationPhase"/> for the in-flight ones).</summary>
public enum RotationStatus { Pending, InProgress, Verifying, Success, Failed, RolledBack }

/// <summary>Where an in-flight rotation stands.</summary>
public enum RotationPhase
{
    /// <summary>Candidate being written.</summary>
    Preparing,
    /// <summary>Verification tests running against the candidate.</summary>
    Verifying,
    /// <summary>The verified candidate is valid for resources; waiting until every live resource accepts it.</summary>
    ArmingResources,
    /// <summary>Dual mode on: both values valid, waiting for live consumers to report the new version.</summary>
    WaitingForConsumers,
    /// <summary>Migration timed out with onMigrationTimeout=hold: dual mode stays on until an operator decides.</summary>
    Holding,
    /// <summary>Managed secrets: the candidate is being set at the target (added after the others: the order is persisted).</summary>
    ArmingTarget,
}

public static class RotationStatusNames
{
    public static string Name(this RotationStatus status) => status switch
    {
        RotationStatus.Pending => "pending",
        RotationStatus.InProgress => "in_progress",
        RotationStatus.Verifying => "verifying",
        RotationStatus.Success => "success",
        RotationStatus.Failed => "failed",
        RotationStatus.RolledBack => "rolled_back",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>The status an in-flight rotation reports: held rotations await a decision, so they are pending.</summary>
    public static RotationStatus Status(this RotationPhase phase) => phase switch
    {
        RotationPhase.Verifying => RotationStatus.Verifying,
        RotationPhase.Holding => RotationStatus.Pending,
        _ => RotationStatus.InProgress,
    };

    public static string Name(this RotationPhase phase) => phase switch
    {
        RotationPhase.Preparing => "preparing",
        RotationPhase.Verifying => "verifying",
        RotationPhase.ArmingResources => "arming-resources",
        RotationPhase.WaitingForConsumers => "waiting-for-consumers",
        RotationPhase.Holding => "holding",
        RotationPhase.ArmingTarget => "arming-target",
        _ => throw new ArgumentOutOfRangeException(nameof(phase)),
    };
}
