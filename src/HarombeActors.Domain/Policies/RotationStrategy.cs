namespace HarombeActors.Domain.Policies;

public enum RotationStrategy
{
    /// <summary>The new value is live at once and verified after; a failure rolls back when auto-rollback is on.</summary>
    Immediate,
    /// <summary>Write pending, verify pending, promote. The default.</summary>
    Staged,
    /// <summary>Old and new both valid while consumers move; promote the moment the last live one has moved.</summary>
    DualWrite,
    /// <summary>Write the idle slot, verify it, switch the active pointer in one event.</summary>
    BlueGreen,
}

public enum MigrationTimeoutAction
{
    /// <summary>Promote anyway: stuck consumers keep the old value, which stays readable as previous.</summary>
    Promote,
    /// <summary>Abandon the new value; everyone stays on the old one.</summary>
    Rollback,
    /// <summary>Stay in dual mode until an operator promotes, rolls back or cancels.</summary>
    Hold,
}

/// <summary>The strings of the contract. The CLI spells them with dashes; the original's underscores are accepted.</summary>
public static class PolicyNames
{
    public static string Name(this RotationStrategy strategy) => strategy switch
    {
        RotationStrategy.Immediate => "immediate",
        RotationStrategy.Staged => "staged",
        RotationStrategy.DualWrite => "dual-write",
        RotationStrategy.BlueGreen => "blue-green",
        _ => throw new ArgumentOutOfRangeException(nameof(strategy)),
    };

    public static string Name(this MigrationTimeoutAction action) => action.ToString().ToLowerInvariant();

    public static bool TryParseStrategy(string? raw, out RotationStrategy strategy)
    {
        strategy = default;
        var normalized = raw?.Trim().ToLowerInvariant().Replace('_', '-');
        foreach (var candidate in Enum.GetValues<RotationStrategy>())
        {
            if (candidate.Name() != normalized) continue;
            strategy = candidate;
            return true;
        }
        return false;
    }

    public static bool TryParseTimeoutAction(string? raw, out MigrationTimeoutAction action)
    {
        action = default;
        var normalized = raw?.Trim().ToLowerInvariant();
        foreach (var candidate in Enum.GetValues<MigrationTimeoutAction>())
        {
            if (candidate.Name() != normalized) continue;
            action = candidate;
            return true;
        }
        return false;
    }
}
