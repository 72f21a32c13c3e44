namespace HarombeActors.Domain.Webhooks;

/// <summary>
/// The kinds of notice the cluster tells of (on its topic, the event stream, and to webhooks): named once here, so a
/// webhook can be refused for a kind that does not exist instead of waiting for it forever.
/// </summary>
public static class NoticeKinds
{
    public const string SecretWritten = "secret.written";
    public const string RotationStarted = "rotation.started";
    public const string RotationCompleted = "rotation.completed";
    public const string RotationFailed = "rotation.failed";
    public const string RolledBack = "rolled_back";
    public const string EmergencyDeclared = "emergency.declared";
    public const string SecurityEvent = "security_event";
    public const string NeedsAttention = "needs_attention";
    public const string AttentionCleared = "attention.cleared";

    public static readonly IReadOnlyList<string> All =
        [SecretWritten, RotationStarted, RotationCompleted, RotationFailed, RolledBack, EmergencyDeclared, SecurityEvent, NeedsAttention, AttentionCleared];
}
