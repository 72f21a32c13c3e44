using HarombeActors.Actors.Secrets;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;

namespace HarombeActors.Actors.Operator;

/// <summary>
/// One journal event as an audit record (schema <see cref="Schema"/>, documented in docs/lifecycle.md (Audit export)): when, what kind, which
/// secret and rotation, version numbers and fingerprints, who, the trigger, the reason and the outcome. Built from the
/// event alone, so it never holds a value (events hold none); token names only (the principal), never a token.
/// </summary>
public sealed record AuditRecord(
    long Offset, DateTimeOffset Time, string Kind, string Path, string? RotationId = null, int? Version = null, int? FromVersion = null, int? ToVersion = null,
    string? Fingerprint = null, string? By = null, string? Trigger = null, string? Reason = null, string? Outcome = null, string? Strategy = null,
    string? Consumer = null, string Summary = "")
{
    public const string Schema = "harombe.audit.v1";
}

public static class AuditRecords
{
    public static AuditRecord From(ISecretEvent e, long offset)
    {
        var record = new AuditRecord(offset, e.At, e.GetType().Name, e.Path.Value, (e as IRotationEvent)?.RotationId.Value, Summary: EventSummaries.Describe(e));
        return e switch
        {
            SecretWritten w => record with { Version = w.Version.Number, Fingerprint = w.Version.Fingerprint, By = w.By.Name },
            PolicySet p => record with { By = p.By.Name, Strategy = p.Policy?.Strategy.Name(), Reason = p.Policy is null ? "policy cleared" : $"policy '{p.Policy.Name}'" },
            RotationStarted s => record with { By = s.By.Name, Trigger = s.Trigger, FromVersion = s.OldVersion, Strategy = s.Strategy.Name() },
            StagedWritten s => record with { Version = s.Version.Number, Fingerprint = s.Version.Fingerprint },
            TargetEnvironmentWritten t => record with { Version = t.Version, Reason = $"{t.Slot.Name()} slot" },
            Verified v => record with { Outcome = "passed", Reason = string.Join(", ", v.Results.Select(r => r.Name)) },
            VerificationFailed f => record with { Outcome = "failed", Reason = string.Join("; ", f.Results.Where(r => !r.Success).Select(r => $"{r.Name}: {r.Message}")) },
            DualModeEnabled d => record with { FromVersion = d.OldVersion, ToVersion = d.NewVersion },
            MigrationTimedOut t => record with { Outcome = t.Action.Name(), Reason = $"stuck: {string.Join(", ", t.StuckConsumers)}" },
            Promoted p => record with { FromVersion = p.PreviousVersion, ToVersion = p.NewVersion, By = p.By.Name },
            EnvironmentSwitched s => record with { FromVersion = s.PreviousVersion, ToVersion = s.NewVersion, Reason = $"{s.From.Name()} -> {s.To.Name()}" },
            RolledBack r => record with { RotationId = r.RotationId?.Value, FromVersion = r.FromVersion, ToVersion = r.ToVersion, By = r.By.Name, Reason = r.Reason },
            VersionRetired v => record with { Version = v.Version, Reason = v.Reason },
            RotationCompleted c => Ended(record, c.Result),
            RotationFailed f => Ended(record, f.Result),
            ConsumerRegistered c => record with { Consumer = c.ConsumerId.Value, Version = c.Version, By = c.Registrant },
            ConsumerMigrated m => record with { Consumer = m.ConsumerId.Value, FromVersion = m.FromVersion, ToVersion = m.ToVersion },
            ConsumerExpired x => record with { Consumer = x.ConsumerId.Value, Version = x.Version, Reason = x.Reason },
            ConsumerRemoved r => record with { Consumer = r.ConsumerId.Value, Version = r.Version, By = r.By.Name },
            CredentialBound b => record with { By = b.By.Name, Reason = $"backend {b.Binding.Backend} as {b.Binding.Username}" },
            TargetArming a => record with { Version = a.Version, Reason = a.Login },
            TargetArmed a => record with { RotationId = a.RotationId?.Value, Version = a.Version, Reason = a.Login },
            TargetRetired t => record with { Version = t.Version, Reason = $"{t.Login}: {t.Reason}" },
            RotationScheduled s => record with { Reason = $"due {s.DueAt:O}: {s.Reason}" },
            ScheduleStopped s => record with { Reason = s.Reason },
            AttentionNeeded a => record with { Outcome = "needs-attention", Reason = $"{a.Reason}; last error: {a.LastError}" },
            RequestRecorded q => record with { RotationId = q.Outcome.RotationId, Outcome = q.Outcome.Status.Name(), Reason = $"{q.Verb} request {q.RequestId}" },
            AttentionCleared a => record with { By = a.By.Name, Reason = a.Reason },
            EmergencyDeclared d => record with { By = d.By.Name, Trigger = d.Trigger, Reason = d.Reason + (d.Preempted is { } p ? $" (pre-empted {p})" : "") },
            SecurityEventReceived s => record with
            {
                By = s.By.Name, Trigger = s.Event.Type, Reason = s.Decision, Outcome = s.Rotated ? "rotated" : "not rotated",
            },
            _ => record,
        };
    }

    private static AuditRecord Ended(AuditRecord record, RotationResult r) => record with
    {
        FromVersion = r.OldVersion, ToVersion = r.NewVersion, Outcome = r.Status.Name(), Reason = r.Error, Strategy = r.Strategy.Name(),
    };
}
