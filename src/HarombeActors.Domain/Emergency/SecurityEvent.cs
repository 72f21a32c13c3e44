using System.Net;
using System.Text.RegularExpressions;
using HarombeActors.Domain.Decisions;

namespace HarombeActors.Domain.Emergency;

/// <summary>How serious a reported security event is (the original's ThreatLevel).</summary>
public enum ThreatLevel
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>
/// A security event reported against one secret (by a SIEM, an IDS, an operator's tool). <see cref="Type"/> is free
/// (one of <see cref="SecurityTrigger.KnownTypes"/> or anything else, as the original allowed); the counts are what the
/// original read from its metadata. Never carries a value.
/// </summary>
public sealed partial record SecurityEvent(
    string Type, ThreatLevel Severity, string? Description = null, int? FailedCount = null, int? ViolationCount = null, string? SourceIp = null)
{
    public const int MaxTypeLength = 48;
    public const int MaxDescriptionLength = 512;

    public Rejection? Validate()
    {
        if (string.IsNullOrEmpty(Type) || Type.Length > MaxTypeLength || !TypePattern().IsMatch(Type))
            return Rejection.BadInput("type", $"must be 1 to {MaxTypeLength} lowercase letters, digits or '_' (e.g. leaked_credential)");
        if (!Enum.IsDefined(Severity)) return Rejection.BadInput("severity", "must be one of low, medium, high, critical");
        if (FailedCount is < 0) return Rejection.BadInput("failedCount", "must not be negative");
        if (ViolationCount is < 0) return Rejection.BadInput("violationCount", "must not be negative");
        if (Description is { Length: > MaxDescriptionLength }) return Rejection.BadInput("description", $"must be at most {MaxDescriptionLength} characters");
        if (SourceIp is not null && !IPAddress.TryParse(SourceIp, out _)) return Rejection.BadInput("sourceIp", $"'{SourceIp}' is not an IP address");
        return null;
    }

    [GeneratedRegex("^[a-z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TypePattern();
}
