using System.Text.Json.Serialization;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Schedules;

namespace HarombeActors.Domain.Policies;

/// <summary>
/// How one secret rotates. Defaults follow the original contract (staged, verification required, auto-rollback,
/// 3 retries, 300 s migration timeout checked every 10 s, promote on timeout). <see cref="IntervalDays"/> is the seed's
/// field, kept as information only (policies stored before schedules existed must not start rotating by themselves after
/// an upgrade); <see cref="Schedule"/> is what makes a secret rotate on its own.
/// </summary>
public sealed record RotationPolicy
{
    public string Name { get; init; } = "default";
    public int IntervalDays { get; init; }
    public RotationStrategy Strategy { get; init; } = RotationStrategy.Staged;
    public bool RequireVerification { get; init; } = true;
    public IReadOnlyList<string> VerificationTests { get; init; } = [];
    public bool AutoRollback { get; init; } = true;
    /// <summary>Verification re-runs after a failure, one check interval apart (providers are often eventually consistent).</summary>
    public int MaxRetries { get; init; } = 3;
    public TimeSpan MigrationTimeout { get; init; } = TimeSpan.FromSeconds(300);
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(10);
    public MigrationTimeoutAction OnMigrationTimeout { get; init; } = MigrationTimeoutAction.Promote;
    /// <summary>A consumer silent for this long is stale: reported, and it no longer blocks promotion.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>When the secret rotates by itself (null: only when asked). Added later: older policies decode without it.</summary>
    public RotationSchedule? Schedule { get; init; }
    /// <summary>How an emergency rotation rotates (added later, so null in older policies: immediate, the old value stops working at once).</summary>
    public RotationStrategy? EmergencyStrategy { get; init; }
    /// <summary>A security event rotates the secret at most once within this long (added later; null: 15 minutes). An emergency by hand always rotates.</summary>
    public TimeSpan? SecurityCooldown { get; init; }

    public static readonly TimeSpan DefaultSecurityCooldown = TimeSpan.FromMinutes(15);

    // Derived, so not persisted: the journal holds what the operator set (null where nothing was).
    [JsonIgnore]
    public RotationStrategy EffectiveEmergencyStrategy => EmergencyStrategy ?? RotationStrategy.Immediate;
    [JsonIgnore]
    public TimeSpan EffectiveSecurityCooldown => SecurityCooldown ?? DefaultSecurityCooldown;

    public static readonly RotationPolicy Default = new();

    public const int MaxIntervalDays = 3650;
    public const int MaxTests = 20;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);
    public static readonly TimeSpan MinCheckInterval = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan MinStaleAfter = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether verification will actually run: required, and at least one test named.</summary>
    public bool VerifiesCandidate => RequireVerification && VerificationTests.Count > 0;

    /// <summary>Checks every field; <paramref name="knownTests"/> makes verification fail-closed on unknown names.</summary>
    public Rejection? Validate(IReadOnlySet<string> knownTests)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 64) return Rejection.BadInput("policy.name", "must be 1 to 64 characters");
        if (IntervalDays is < 0 or > MaxIntervalDays) return Rejection.BadInput("policy.intervalDays", $"must be between 0 (manual only) and {MaxIntervalDays}");
        if (!Enum.IsDefined(Strategy)) return Rejection.BadInput("policy.strategy", "must be one of immediate, staged, dual-write, blue-green");
        if (!Enum.IsDefined(OnMigrationTimeout)) return Rejection.BadInput("policy.onMigrationTimeout", "must be one of promote, rollback, hold");
        if (MaxRetries is < 0 or > 10) return Rejection.BadInput("policy.maxRetries", "must be between 0 and 10");
        if (MigrationTimeout < TimeSpan.Zero || MigrationTimeout > MaxDuration) return Rejection.BadInput("policy.migrationTimeout", "must be between 0 s and 24 h");
        if (CheckInterval < MinCheckInterval || CheckInterval > MaxDuration) return Rejection.BadInput("policy.checkInterval", "must be between 10 ms and 24 h");
        if (StaleAfter < MinStaleAfter || StaleAfter > MaxDuration) return Rejection.BadInput("policy.staleAfter", "must be between 100 ms and 24 h");
        if (Schedule?.Validate() is { } badSchedule) return badSchedule;
        if (EmergencyStrategy is { } emergency && !Enum.IsDefined(emergency)) return Rejection.BadInput("policy.emergencyStrategy", "must be one of immediate, staged, dual-write, blue-green");
        if (SecurityCooldown is { } cooldown && (cooldown < TimeSpan.Zero || cooldown > RetryPolicy.LongestDelay)) return Rejection.BadInput("policy.securityCooldown", "must be between 0 s and 7 days");
        if (VerificationTests.Count > MaxTests) return Rejection.BadInput("policy.verificationTests", $"must name at most {MaxTests} tests");
        if (VerificationTests.Distinct(StringComparer.Ordinal).Count() != VerificationTests.Count)
            return Rejection.BadInput("policy.verificationTests", "must not name a test twice");
        var unknown = VerificationTests.Where(t => !knownTests.Contains(t)).ToList();
        if (unknown.Count > 0)
        {
            var known = knownTests.Count == 0 ? "none are registered" : "registered: " + string.Join(", ", knownTests.Order(StringComparer.Ordinal));
            return Rejection.BadInput("policy.verificationTests", $"unknown test name(s) {string.Join(", ", unknown)} ({known}); verification is fail-closed");
        }
        return null;
    }

    public bool Equals(RotationPolicy? other) =>
        other is not null && Name == other.Name && IntervalDays == other.IntervalDays && Strategy == other.Strategy
        && RequireVerification == other.RequireVerification && VerificationTests.SequenceEqual(other.VerificationTests)
        && AutoRollback == other.AutoRollback && MaxRetries == other.MaxRetries && MigrationTimeout == other.MigrationTimeout
        && CheckInterval == other.CheckInterval && OnMigrationTimeout == other.OnMigrationTimeout && StaleAfter == other.StaleAfter
        && Equals(Schedule, other.Schedule) && EmergencyStrategy == other.EmergencyStrategy && SecurityCooldown == other.SecurityCooldown;

    public override int GetHashCode() => HashCode.Combine(Name, Strategy, MigrationTimeout, VerificationTests.Count);
}
