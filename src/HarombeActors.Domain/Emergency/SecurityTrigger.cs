namespace HarombeActors.Domain.Emergency;

/// <summary>
/// The original system's rules for whether a security event rotates its secret (EmergencyRotationTrigger
/// ._is_compromise_indicator), in its order: critical always; high for a leaked credential, an exposed key, unauthorized
/// access or brute force; a failed-auth spike of 10 or more; a rate-limit excess of 100 or more; a manual trigger always.
/// Suspicious access and anomalous behaviour therefore rotate only when critical.
/// </summary>
public static class SecurityTrigger
{
    public const int FailedAuthThreshold = 10;
    public const int RateLimitThreshold = 100;

    public static readonly IReadOnlyList<string> KnownTypes =
    [
        "failed_auth_spike", "leaked_credential", "suspicious_access", "rate_limit_exceeded", "unauthorized_access", "api_key_exposed",
        "brute_force_attack", "anomalous_behavior", "manual_trigger",
    ];

    private static readonly HashSet<string> HighTypes = ["leaked_credential", "api_key_exposed", "unauthorized_access", "brute_force_attack"];

    /// <summary>Whether <paramref name="e"/> rotates its secret, and the rule that decided (or why none applies).</summary>
    public static (bool Rotates, string Why) Evaluate(SecurityEvent e) => e switch
    {
        { Severity: ThreatLevel.Critical } => (true, "critical severity always rotates"),
        { Severity: ThreatLevel.High } when HighTypes.Contains(e.Type) => (true, $"high severity {e.Type} rotates"),
        { Type: "failed_auth_spike", FailedCount: >= FailedAuthThreshold } => (true, $"{e.FailedCount} failed logins (threshold {FailedAuthThreshold})"),
        { Type: "rate_limit_exceeded", ViolationCount: >= RateLimitThreshold } => (true, $"{e.ViolationCount} rate-limit violations (threshold {RateLimitThreshold})"),
        { Type: "manual_trigger" } => (true, "a manual trigger always rotates"),
        { Type: "failed_auth_spike" } => (false, $"{e.FailedCount ?? 0} failed logins is below the threshold of {FailedAuthThreshold}"),
        { Type: "rate_limit_exceeded" } => (false, $"{e.ViolationCount ?? 0} rate-limit violations is below the threshold of {RateLimitThreshold}"),
        _ => (false, $"{Name(e.Severity)} severity {e.Type} does not rotate (only critical does, or high for leaked_credential, api_key_exposed, unauthorized_access, brute_force_attack)"),
    };

    public static string Name(ThreatLevel level) => level.ToString().ToLowerInvariant();

    public static bool TryParse(string raw, out ThreatLevel level) =>
        Enum.TryParse(raw, ignoreCase: true, out level) && Enum.IsDefined(level) && !int.TryParse(raw, out _);
}
