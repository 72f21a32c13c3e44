using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.State;

namespace HarombeActors.Contracts.Serialization;

/// <summary>
/// The stable short manifest of every serializable type. Persisted manifests (events, snapshot) are forever:
/// never change or reuse one; add new ones instead.
/// </summary>
public static class Manifests
{
    public static readonly IReadOnlyDictionary<Type, string> ByType = new Dictionary<Type, string>
    {
        // events (persisted)
        [typeof(SecretWritten)] = "E-SW",
        [typeof(PolicySet)] = "E-PS",
        [typeof(RotationStarted)] = "E-RS",
        [typeof(StagedWritten)] = "E-ST",
        [typeof(TargetEnvironmentWritten)] = "E-TW",
        [typeof(VerificationStarted)] = "E-VS",
        [typeof(Verified)] = "E-VD",
        [typeof(VerificationFailed)] = "E-VF",
        [typeof(ResourcesArming)] = "E-RA",
        [typeof(ResourcesArmed)] = "E-RD",
        [typeof(DualModeEnabled)] = "E-DM",
        [typeof(MigrationTimedOut)] = "E-MT",
        [typeof(Promoted)] = "E-PR",
        [typeof(EnvironmentSwitched)] = "E-ES",
        [typeof(RolledBack)] = "E-RB",
        [typeof(VersionRetired)] = "E-VR",
        [typeof(RotationCompleted)] = "E-RC",
        [typeof(RotationFailed)] = "E-RF",
        [typeof(ConsumerRegistered)] = "E-CR",
        [typeof(ConsumerMigrated)] = "E-CM",
        [typeof(ConsumerExpired)] = "E-CX",
        [typeof(ConsumerRemoved)] = "E-CD",
        [typeof(CredentialBound)] = "E-CB",
        [typeof(TargetArming)] = "E-TA",
        [typeof(TargetArmed)] = "E-TD",
        [typeof(TargetRetired)] = "E-TR",
        [typeof(RotationScheduled)] = "E-SC",
        [typeof(ScheduleStopped)] = "E-SX",
        [typeof(AttentionNeeded)] = "E-NA",
        [typeof(AttentionCleared)] = "E-NC",
        [typeof(EmergencyDeclared)] = "E-ED",
        [typeof(SecurityEventReceived)] = "E-SE",
        [typeof(RequestRecorded)] = "E-RQ",
        // the readiness probe's own journal entries (persisted, under harombe-health-* persistence ids)
        [typeof(JournalProbeWritten)] = "H-JP",
        // the master key's check value (persisted once, under the harombe-key-check persistence id)
        [typeof(MasterKeyChecked)] = "K-CV",
        // the webhook registry's events and snapshot (persisted, under the webhook-registry persistence id)
        [typeof(Domain.Webhooks.WebhookAdded)] = "W-A",
        [typeof(Domain.Webhooks.WebhookRemoved)] = "W-R",
        [typeof(Domain.Webhooks.WebhookDeliveryEnded)] = "W-D",
        [typeof(Domain.Webhooks.WebhookRegistryState)] = "W-S",
        // snapshot (persisted)
        [typeof(SecretState)] = "S-1",
        // the secret catalog's snapshot (persisted, under the projection-secret-catalog persistence id)
        [typeof(Domain.Projections.SecretCatalog)] = "P-1",
        // commands and queries
        [typeof(WriteSecret)] = "C-W",
        [typeof(RotateSecret)] = "C-R",
        [typeof(RollbackSecret)] = "C-RB",
        [typeof(CancelRotation)] = "C-C",
        [typeof(PromoteRotation)] = "C-P",
        [typeof(SetPolicy)] = "C-SP",
        [typeof(RemoveConsumer)] = "C-RC",
        [typeof(CreateManagedSecret)] = "C-CM",
        [typeof(ResumeSecret)] = "C-RE",
        [typeof(EmergencyRotate)] = "C-EM",
        [typeof(ReportSecurityEvent)] = "C-SE",
        [typeof(GetSecret)] = "Q-G",
        [typeof(GetStatus)] = "Q-S",
        [typeof(GetHistory)] = "Q-H",
        [typeof(GetConsumers)] = "Q-C",
        [typeof(GetValidValues)] = "Q-V",
        [typeof(VerifySecret)] = "Q-VF",
        // Internal commands (a secret's own verification results, retries, deadlines) have no manifest: they are bound to
        // LocalOnlySerializer and never cross the wire. Their former manifests are retired, never reused: I-CV, I-RV,
        // I-OC, I-EM, I-MD.
        // replies
        [typeof(CommandRejected)] = "R-X",
        [typeof(SecretWriteAccepted)] = "R-W",
        [typeof(PolicyAccepted)] = "R-P",
        [typeof(SecretResumed)] = "R-RE",
        [typeof(EmergencyStarted)] = "R-EM",
        [typeof(SecurityEventAssessed)] = "R-SE",
        [typeof(RotationAccepted)] = "R-RA",
        [typeof(RotationOutcome)] = "R-RO",
        [typeof(SecretRead)] = "R-G",
        [typeof(SecretStatus)] = "R-S",
        [typeof(SecretHistory)] = "R-H",
        [typeof(ConsumerList)] = "R-C",
        [typeof(ValidValues)] = "R-V",
        [typeof(VerificationReport)] = "R-VF",
        [typeof(RotationProgress)] = "R-PG",
        [typeof(ConsumerRemovalAccepted)] = "R-CD",
        // consumer protocol
        [typeof(Heartbeat)] = "M-HB",
        [typeof(HeartbeatRejected)] = "M-HX",
        [typeof(RotationNotice)] = "M-RN",
        [typeof(HeartbeatAccepted)] = "M-HA",
        [typeof(WatchConsumer)] = "M-WC",
        [typeof(WatchRotation)] = "M-WR",
        [typeof(SecretNotice)] = "M-SN",
        [typeof(ListCatalog)] = "M-LC",
        [typeof(CatalogPage)] = "M-CP",
        [typeof(GetCatalogStats)] = "M-GS",
        [typeof(CatalogStats)] = "M-CS",
        [typeof(AddWebhook)] = "M-WA",
        [typeof(WebhookCreated)] = "M-WN",
        [typeof(ListWebhooks)] = "M-WL",
        [typeof(WebhookList)] = "M-WS",
        [typeof(RemoveWebhook)] = "M-WX",
        [typeof(WebhookRemovedReply)] = "M-WD",
        [typeof(ListDeliveries)] = "M-DL",
        [typeof(DeliveryList)] = "M-DS",
        [typeof(WebhookRejected)] = "M-WJ",
        // Retired with ClusterClient (never persisted, so never reused either): M-CR, O-SR, O-CR, O-P, O-R, V-C, V-SH, V-ST, V-L.
    };

    public static readonly IReadOnlyDictionary<string, Type> ByManifest = ByType.ToDictionary(kv => kv.Value, kv => kv.Key);
}
