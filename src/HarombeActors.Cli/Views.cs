using HarombeActors.Contracts.Operator;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;

namespace HarombeActors.Cli;

/// <summary>
/// The JSON shape of every answer (camelCase, contract strings for enums). Human output is rendered from the
/// same objects, so both say the same thing.
/// </summary>
public static class Views
{
    public static object Rotation(RotationResult r) => new
    {
        rotationId = r.RotationId, success = r.Success, secretPath = r.SecretPath, strategy = r.Strategy.Name(), status = r.Status.Name(),
        oldVersion = r.OldVersion, newVersion = r.NewVersion, startedAt = r.StartedAt, completedAt = r.CompletedAt,
        durationMs = Math.Round(r.DurationMs, 3), verificationPassed = r.VerificationPassed, rollbackPerformed = r.RollbackPerformed,
        error = r.Error, consumersMigrated = r.ConsumersMigrated, consumersTotal = r.ConsumersTotal,
    };

    public static object Accepted(RotationAccepted a) => new
    {
        rotationId = a.RotationId, secretPath = a.Path.Value, strategy = a.Strategy.Name(), status = a.Status.Name(), phase = a.Phase,
    };

    public static object Policy(RotationPolicy p) => new
    {
        name = p.Name, intervalDays = p.IntervalDays, strategy = p.Strategy.Name(), requireVerification = p.RequireVerification,
        verificationTests = p.VerificationTests, autoRollback = p.AutoRollback, maxRetries = p.MaxRetries,
        migrationTimeoutSeconds = p.MigrationTimeout.TotalSeconds, checkIntervalSeconds = p.CheckInterval.TotalSeconds,
        onMigrationTimeout = p.OnMigrationTimeout.Name(), staleAfterSeconds = p.StaleAfter.TotalSeconds,
    };

    public static object Status(SecretStatus s) => new
    {
        secretPath = s.Path.Value, exists = s.Exists, currentVersion = s.CurrentVersion, pendingVersion = s.PendingVersion,
        previousVersion = s.PreviousVersion, activeEnvironment = s.ActiveEnvironment, dualMode = s.DualMode,
        validVersions = s.ValidVersions, preferredVersion = s.PreferredVersion,
        rotation = s.Rotation is { } r ? new { id = r.RotationId, strategy = r.Strategy.Name(), phase = r.Phase, status = r.Status.Name(), startedAt = r.StartedAt } : null,
        consumers = new { total = s.Consumers.Total, migrated = s.Consumers.Migrated, stale = s.Consumers.Stale },
        policy = Policy(s.Policy),
        lastRotation = s.LastRotation is { } last ? Rotation(last) : null,
        versions = s.Versions.Select(v => new { version = v.Version, fingerprint = v.Fingerprint, createdAt = v.CreatedAt, labels = v.Labels }),
    };

    public static object Consumers(ConsumerList list) => new
    {
        secretPath = list.Path.Value, targetVersion = list.TargetVersion,
        consumers = list.Consumers.Select(c => new
        {
            consumerId = c.ConsumerId, role = c.Role.Name(), secretVersion = c.SecretVersion, lastHeartbeat = c.LastHeartbeat, migrationStatus = c.MigrationStatus.Name(),
        }),
    };

    public static object History(SecretHistory h) => new
    {
        secretPath = h.Path.Value,
        events = h.Events.Select(e => new { sequenceNr = e.SequenceNr, type = e.Type, at = e.At, summary = e.Summary }),
    };

    public static object Read(SecretRead r) => new
    {
        secretPath = r.Path.Value, selector = r.Selector, version = r.Version, fingerprint = r.Fingerprint, createdAt = r.CreatedAt,
        value = r.Value?.RevealPlaintext() ?? Domain.Values.SecretValue.Mask,
    };

    public static object Written(SecretWriteAccepted w) => new { secretPath = w.Path.Value, version = w.Version, fingerprint = w.Fingerprint };

    public static object Cluster(ClusterView c) => new
    {
        self = c.SelfAddress, leader = c.Leader, unreachable = c.Unreachable,
        members = c.Members.Select(m => new { address = m.Address, status = m.Status, roles = m.Roles }),
    };

    public static object Shards(ShardsView s) => new
    {
        typeName = s.TypeName,
        regions = s.Regions.Select(r => new { address = r.Address, shards = r.Shards.Count, entities = r.Entities, shardEntities = r.Shards.ToDictionary(x => x.ShardId, x => x.Entities) }),
    };

    public static object Stats(StatsView s) => new
    {
        secrets = s.Secrets, total = s.Total, successful = s.Successful, failed = s.Failed, rollbacks = s.Rollbacks, successRate = Math.Round(s.SuccessRate, 4),
    };

    public static object List(SecretListView l) => new { secrets = l.Paths };

    public static object Error(string code, string message) => new { error = new { code, message } };

    public static string Code(this Domain.Decisions.RejectionCode code) => code switch
    {
        Domain.Decisions.RejectionCode.BadInput => "bad_input",
        Domain.Decisions.RejectionCode.Conflict => "conflict",
        Domain.Decisions.RejectionCode.NotFound => "not_found",
        Domain.Decisions.RejectionCode.Unauthorized => "unauthorized",
        _ => "failed",
    };

    public static string Name(this MigrationStatus s) => MigrationStatusNames.Name(s);

    public static string Name(this ConsumerRole r) => ConsumerRoleNames.Name(r);
}
