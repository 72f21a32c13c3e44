using HarombeActors.Domain.Events;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Targets;

namespace HarombeActors.Actors.Secrets;

/// <summary>One line per event for the audit trail. Fingerprints and version numbers only, never values.</summary>
public static class EventSummaries
{
    public static string Describe(ISecretEvent e) => e switch
    {
        SecretWritten w => $"v{w.Version.Number} ({w.Version.Fingerprint}) written by {w.By}",
        PolicySet p => p.Policy is null ? $"policy cleared by {p.By}"
            : $"policy '{p.Policy.Name}' ({p.Policy.Strategy.Name()}{(p.Policy.Schedule is { } s ? ", schedule " + s.Expression : "")}) set by {p.By}",
        RotationStarted s => $"{s.RotationId} {s.Strategy.Name()} rotation started by {s.By} (trigger {s.Trigger}) from v{s.OldVersion}",
        StagedWritten s => $"{s.RotationId} candidate v{s.Version.Number} ({s.Version.Fingerprint}) staged as pending",
        TargetEnvironmentWritten t => $"{t.RotationId} {t.Slot.Name()} slot now holds v{t.Version}",
        VerificationStarted v => $"{v.RotationId} verification attempt {v.Attempt}: {string.Join(", ", v.Tests)}",
        Verified v => $"{v.RotationId} verified ({Checks(v.Results)})",
        VerificationFailed f => $"{f.RotationId} verification attempt {f.Attempt} failed ({Checks(f.Results)}){(f.WillRetry ? ", will retry" : "")}",
        ResourcesArming a => $"{a.RotationId} v{a.Version} valid for resources; waiting for {string.Join(", ", a.Resources)} to accept it",
        ResourcesArmed a => $"{a.RotationId} every live resource accepts v{a.Version}",
        DualModeEnabled d => $"{d.RotationId} dual mode on: v{d.OldVersion} and v{d.NewVersion} both valid",
        MigrationTimedOut t => $"{t.RotationId} migration timed out ({t.Action.Name()}); stuck: {(t.StuckConsumers.Count == 0 ? "none" : string.Join(", ", t.StuckConsumers))}",
        Promoted p => $"{p.RotationId} v{p.NewVersion} promoted to current by {p.By}",
        EnvironmentSwitched s => $"{s.RotationId} active slot switched {s.From.Name()} -> {s.To.Name()} (v{s.NewVersion})",
        VersionRetired v => $"v{v.Version} no longer valid: {v.Reason}",
        RolledBack r => $"{(r.RotationId is { } id ? id + " " : "")}rolled back v{r.FromVersion} -> v{r.ToVersion}{(r.SwitchedTo is { } s ? $" (active slot {s.Name()})" : "")} by {r.By}: {r.Reason}",
        RotationCompleted c => $"{c.RotationId} completed: {Outcome(c.Result)}",
        RotationFailed f => $"{f.RotationId} {f.Result.Status.Name()}: {f.Result.Error}",
        ConsumerRegistered r => $"{r.Role.Name()} {r.ConsumerId} registered on v{r.Version}",
        ConsumerMigrated m => $"consumer {m.ConsumerId} moved v{m.FromVersion} -> v{m.ToVersion}",
        ConsumerExpired x => $"consumer {x.ConsumerId} (last on v{x.Version}) forgotten: {x.Reason}",
        ConsumerRemoved r => $"consumer {r.ConsumerId} (last on v{r.Version}) removed by {r.By}",
        CredentialBound b => $"managed by backend '{b.Binding.Backend}' ({b.Binding.Kind.Name()}) as {b.Binding.Username}, set up by {b.By}",
        TargetArming a => $"{a.RotationId} setting v{a.Version} at the target as {a.Login}",
        TargetArmed a => $"{(a.RotationId is { } id ? id + " " : "")}target accepts v{a.Version} as {a.Login}"
                         + (a.AlreadyAccepted ? " (it did already: nothing changed)" : $" ({a.DurationMs:0.#} ms)"),
        TargetRetired t => $"v{t.Version} retired at the target ({t.Login}): {t.Reason}",
        RotationScheduled s => $"next rotation due {s.DueAt:u}" + (s is { Attempt: 1, Cycle: 1 } ? "" : $" (attempt {s.Attempt}, cycle {s.Cycle})") + $": {s.Reason}",
        ScheduleStopped s => $"schedule stopped: {s.Reason}",
        AttentionNeeded a => $"NEEDS ATTENTION: {a.Reason}; last error: {a.LastError}",
        RequestRecorded q => $"{q.Verb} request {q.RequestId} answered: {q.Outcome.Status.Name()} (a repeat of it changes nothing)",
        AttentionCleared a => $"attention cleared by {a.By}: {a.Reason}",
        // Who and why, as the emergency path records them (the reason is masked of the secret's values when written).
        EmergencyDeclared d => $"EMERGENCY declared by {d.By} (trigger {d.Trigger}){(d.Preempted is { } p ? $", cancelling {p}" : "")}: {d.Reason}",
        SecurityEventReceived r => $"security event {r.Event.Type} reported by {r.By}: {(r.Rotated ? "rotated" : "not rotated")} ({r.Decision})",
        _ => e.GetType().Name,
    };

    private static string Checks(IReadOnlyList<CheckOutcome> results) =>
        string.Join(", ", results.Select(r => $"{r.Name} {(r.Success ? "ok" : "FAILED: " + r.Message)}"));

    private static string Outcome(RotationResult r) =>
        $"v{r.OldVersion} -> v{r.NewVersion} in {r.DurationMs:0.#} ms, consumers {r.ConsumersMigrated}/{r.ConsumersTotal}";
}
