using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using HarombeActors.Protocol.V1;

namespace HarombeActors.Cli;

/// <summary>
/// The JSON shape of every answer (camelCase, contract strings): the CLI's contract with scripts, unchanged by the move
/// from ClusterClient to the front door. Built as JSON nodes, so printing needs no reflection (the CLI is AOT-safe).
/// Human output is rendered from the same answers, so both say the same thing.
/// </summary>
public static class Views
{
    public static JsonObject Rotation(RotationResult r) => new()
    {
        ["rotationId"] = r.RotationId, ["success"] = r.Success, ["secretPath"] = r.SecretPath, ["strategy"] = r.Strategy, ["status"] = r.Status,
        ["oldVersion"] = r.HasOldVersion ? r.OldVersion : null, ["newVersion"] = r.HasNewVersion ? r.NewVersion : null,
        ["startedAt"] = At(r.StartedAt), ["completedAt"] = At(r.CompletedAt), ["durationMs"] = Math.Round(r.DurationMs, 3),
        ["verificationPassed"] = r.HasVerificationPassed ? r.VerificationPassed : null, ["rollbackPerformed"] = r.RollbackPerformed,
        ["error"] = r.HasError ? r.Error : null, ["consumersMigrated"] = r.ConsumersMigrated, ["consumersTotal"] = r.ConsumersTotal,
    };

    public static JsonObject Accepted(RotationAccepted a) => new()
    {
        ["rotationId"] = a.RotationId, ["secretPath"] = a.SecretPath, ["strategy"] = a.Strategy, ["status"] = a.Status, ["phase"] = a.Phase,
    };

    public static JsonObject Policy(Policy p) => new()
    {
        ["name"] = p.Name, ["intervalDays"] = p.IntervalDays, ["strategy"] = p.Strategy, ["requireVerification"] = p.RequireVerification,
        ["verificationTests"] = Array(p.VerificationTests.Select(t => (JsonNode?)t)), ["autoRollback"] = p.AutoRollback, ["maxRetries"] = p.MaxRetries,
        ["migrationTimeoutSeconds"] = Seconds(p.MigrationTimeout), ["checkIntervalSeconds"] = Seconds(p.CheckInterval),
        ["onMigrationTimeout"] = p.OnMigrationTimeout, ["staleAfterSeconds"] = Seconds(p.StaleAfter),
        ["schedule"] = p.Schedule is { } s ? new JsonObject
        {
            ["expression"] = s.Expression, ["window"] = s.Window.Length == 0 ? null : s.Window, ["timeZone"] = s.TimeZone, ["jitterSeconds"] = Seconds(s.Jitter),
            ["retryInitialDelaySeconds"] = Seconds(s.RetryInitialDelay), ["retryMaxDelaySeconds"] = Seconds(s.RetryMaxDelay),
            ["retryAttempts"] = s.RetryAttempts, ["retryCycles"] = s.RetryCycles,
        } : null,
        ["emergencyStrategy"] = p.EmergencyStrategy, ["securityCooldownSeconds"] = Seconds(p.SecurityCooldown),
    };

    public static JsonObject? Next(NextRotation? n) => n is null ? null : new JsonObject
    {
        ["at"] = At(n.At), ["attempt"] = n.Attempt, ["cycle"] = n.Cycle, ["reason"] = n.Reason,
    };

    public static JsonObject? Attention(Attention? a) => a is null ? null : new JsonObject
    {
        ["reason"] = a.Reason, ["lastError"] = a.LastError, ["since"] = At(a.Since),
    };

    public static JsonObject PolicyView(PolicyView v) => new()
    {
        ["secretPath"] = v.SecretPath, ["policy"] = Policy(v.Policy), ["isDefault"] = v.IsDefault, ["nextRotation"] = Next(v.NextRotation), ["needsAttention"] = Attention(v.NeedsAttention),
    };

    public static JsonObject Status(SecretStatus s) => new()
    {
        ["secretPath"] = s.SecretPath, ["exists"] = s.Exists,
        ["currentVersion"] = s.HasCurrentVersion ? s.CurrentVersion : null, ["pendingVersion"] = s.HasPendingVersion ? s.PendingVersion : null,
        ["previousVersion"] = s.HasPreviousVersion ? s.PreviousVersion : null, ["activeEnvironment"] = s.HasActiveEnvironment ? s.ActiveEnvironment : null,
        ["dualMode"] = s.DualMode, ["validVersions"] = Array(s.ValidVersions.Select(v => (JsonNode?)v)),
        ["preferredVersion"] = s.HasPreferredVersion ? s.PreferredVersion : null,
        ["rotation"] = s.Rotation is { } r
            ? new JsonObject { ["id"] = r.Id, ["strategy"] = r.Strategy, ["phase"] = r.Phase, ["status"] = r.Status, ["startedAt"] = At(r.StartedAt) }
            : null,
        ["consumers"] = new JsonObject { ["total"] = s.Consumers.Total, ["migrated"] = s.Consumers.Migrated, ["stale"] = s.Consumers.Stale },
        ["policy"] = Policy(s.Policy),
        ["lastRotation"] = s.LastRotation is { } last ? Rotation(last) : null,
        ["versions"] = Array(s.Versions.Select(v => (JsonNode?)new JsonObject
        {
            ["version"] = v.Version, ["fingerprint"] = v.Fingerprint, ["createdAt"] = At(v.CreatedAt), ["labels"] = Array(v.Labels.Select(l => (JsonNode?)l)),
        })),
        ["managed"] = s.Managed is { } m ? Managed(m) : null,
        ["nextRotation"] = Next(s.NextRotation),
        ["needsAttention"] = Attention(s.NeedsAttention),
    };

    private static JsonObject Managed(Managed m) => new()
    {
        ["backend"] = m.Backend, ["kind"] = m.Kind, ["username"] = m.Username,
        ["armed"] = Array(m.Armed.Select(a => (JsonNode?)new JsonObject { ["version"] = a.Version, ["login"] = a.Login })),
        ["sessions"] = m.SessionsKnown ? new JsonObject(m.Sessions.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))) : null,
        ["waitingOnSessions"] = Array(m.WaitingOnSessions.Select(w => (JsonNode?)new JsonObject { ["version"] = w.Version, ["login"] = w.Login, ["sessions"] = w.Sessions })),
    };

    /// <summary>Which login each version accepted at the server uses, with its open sessions when the server could tell.</summary>
    public static string ArmedLogins(Managed m) => string.Join(", ", m.Armed.Select(a =>
        $"v{a.Version} {a.Login}{(m.SessionsKnown ? $" ({m.Sessions.GetValueOrDefault(a.Login)} sessions)" : "")}"))
        + string.Concat(m.WaitingOnSessions.Select(w => $"; v{w.Version} not retired yet: {w.Sessions} open session(s)"));

    public static JsonObject Report(VerificationReport r) => new()
    {
        ["secretPath"] = r.SecretPath, ["version"] = r.Version, ["passed"] = r.Passed,
        ["results"] = Array(r.Results.Select(c => (JsonNode?)new JsonObject { ["name"] = c.Name, ["success"] = c.Success, ["message"] = c.Message, ["durationMs"] = c.DurationMs })),
    };

    public static JsonObject ConsumerRemoved(ConsumerRemoval r) => new()
    {
        ["secretPath"] = r.SecretPath, ["consumerId"] = r.ConsumerId, ["remainingConsumers"] = r.RemainingConsumers,
    };

    public static JsonObject Consumers(ConsumerList list) => new()
    {
        ["secretPath"] = list.SecretPath, ["targetVersion"] = list.HasTargetVersion ? list.TargetVersion : null,
        ["consumers"] = Array(list.Consumers.Select(c => (JsonNode?)new JsonObject
        {
            ["consumerId"] = c.ConsumerId, ["role"] = c.Role, ["secretVersion"] = c.SecretVersion, ["lastHeartbeat"] = At(c.LastHeartbeat), ["migrationStatus"] = c.MigrationStatus,
            ["registrant"] = c.Registrant.Length == 0 ? null : c.Registrant,
        })),
        ["managed"] = list.Managed is { } m ? Managed(m) : null,
    };

    public static JsonObject History(History h) => new()
    {
        ["secretPath"] = h.SecretPath,
        ["events"] = Array(h.Events.Select(e => (JsonNode?)new JsonObject { ["sequenceNr"] = e.SequenceNr, ["type"] = e.Type, ["at"] = At(e.At), ["summary"] = e.Summary })),
    };

    public static JsonObject Read(SecretValue r) => new()
    {
        ["secretPath"] = r.SecretPath, ["selector"] = r.Selector, ["version"] = r.Version, ["fingerprint"] = r.Fingerprint, ["createdAt"] = At(r.CreatedAt), ["value"] = r.Value,
    };

    public static JsonObject Written(WriteResult w) => new() { ["secretPath"] = w.SecretPath, ["version"] = w.Version, ["fingerprint"] = w.Fingerprint };

    public static JsonObject Cluster(ClusterView c) => new()
    {
        ["self"] = c.Self, ["leader"] = c.Leader.Length == 0 ? null : c.Leader, ["unreachable"] = Array(c.Unreachable.Select(u => (JsonNode?)u)),
        ["members"] = Array(c.Members.Select(m => (JsonNode?)new JsonObject
        {
            ["address"] = m.Address, ["status"] = m.Status, ["roles"] = Array(m.Roles.Select(r => (JsonNode?)r)),
        })),
    };

    public static JsonObject Shards(ShardsView s) => new()
    {
        ["typeName"] = s.TypeName,
        ["regions"] = Array(s.Regions.Select(r =>
        {
            var perShard = new JsonObject();
            foreach (var shard in r.Shards) perShard[shard.ShardId] = shard.Entities;
            return (JsonNode?)new JsonObject { ["address"] = r.Address, ["shards"] = r.Shards.Count, ["entities"] = r.Entities, ["shardEntities"] = perShard };
        })),
    };

    public static JsonObject Stats(StatsView s) => new()
    {
        ["secrets"] = s.Secrets, ["total"] = s.Total, ["successful"] = s.Successful, ["failed"] = s.Failed, ["rollbacks"] = s.Rollbacks,
        ["successRate"] = Math.Round(s.SuccessRate, 4), ["needsAttention"] = s.NeedsAttention,
    };

    public static JsonObject List(SecretList l) => new()
    {
        ["secrets"] = Array(l.Secrets.Select(p => (JsonNode?)p)),
        ["items"] = Array(l.Items.Select(s => (JsonNode?)new JsonObject
        {
            ["path"] = s.Path, ["currentVersion"] = s.HasCurrentVersion ? s.CurrentVersion : null, ["strategy"] = s.Strategy, ["status"] = s.Status,
            ["rotationId"] = s.RotationId.Length == 0 ? null : s.RotationId, ["lastRotationId"] = s.LastRotationId.Length == 0 ? null : s.LastRotationId,
            ["lastStatus"] = s.LastStatus.Length == 0 ? null : s.LastStatus, ["lastRotationAt"] = At(s.LastRotationAt), ["nextRotationAt"] = At(s.NextRotationAt),
            ["needsAttention"] = s.NeedsAttention, ["backend"] = s.Backend.Length == 0 ? null : s.Backend,
        })),
    };

    /// <summary>The audit schema harombe.audit.v1: every key always present, null where it does not apply to the kind.</summary>
    public static JsonObject Audit(AuditRecord r) => new()
    {
        ["schema"] = r.Schema, ["offset"] = r.Offset, ["time"] = At(r.Time), ["kind"] = r.Kind, ["path"] = r.Path, ["rotationId"] = Text(r.RotationId),
        ["version"] = r.HasVersion ? r.Version : null, ["fromVersion"] = r.HasFromVersion ? r.FromVersion : null, ["toVersion"] = r.HasToVersion ? r.ToVersion : null,
        ["fingerprint"] = Text(r.Fingerprint), ["by"] = Text(r.By), ["trigger"] = Text(r.Trigger), ["reason"] = Text(r.Reason), ["outcome"] = Text(r.Outcome),
        ["strategy"] = Text(r.Strategy), ["consumer"] = Text(r.Consumer), ["summary"] = r.Summary,
    };

    private static string? Text(string value) => value.Length == 0 ? null : value;

    public static JsonObject Error(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    public static DateTimeOffset? Time(Timestamp? at) => at?.ToDateTimeOffset();

    private static JsonNode? At(Timestamp? at) => at is null ? null : JsonValue.Create(at.ToDateTimeOffset());

    private static double Seconds(Duration? d) => d?.ToTimeSpan().TotalSeconds ?? 0;

    private static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items]);
}
