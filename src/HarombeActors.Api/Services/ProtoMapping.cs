using Google.Protobuf.WellKnownTypes;
using HarombeActors.Actors.Operator;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;
using P = HarombeActors.Protocol.V1;

namespace HarombeActors.Api.Services;

/// <summary>Domain answers as protocol messages, one shape per answer. Values appear only where a read revealed them.</summary>
public static class ProtoMapping
{
    public static Timestamp Time(DateTimeOffset at) => Timestamp.FromDateTimeOffset(at);

    public static P.RotationResult Result(RotationResult r)
    {
        var result = new P.RotationResult
        {
            RotationId = r.RotationId, Success = r.Success, SecretPath = r.SecretPath, Strategy = r.Strategy.Name(), Status = r.Status.Name(),
            StartedAt = Time(r.StartedAt), DurationMs = r.DurationMs, RollbackPerformed = r.RollbackPerformed,
            ConsumersMigrated = r.ConsumersMigrated, ConsumersTotal = r.ConsumersTotal,
        };
        if (r.OldVersion is { } old) result.OldVersion = old;
        if (r.NewVersion is { } @new) result.NewVersion = @new;
        if (r.CompletedAt is { } completed) result.CompletedAt = Time(completed);
        if (r.VerificationPassed is { } passed) result.VerificationPassed = passed;
        if (r.Error is { } error) result.Error = error;
        return result;
    }

    public static P.RotationAccepted Accepted(RotationAccepted a) => new()
    {
        RotationId = a.RotationId, SecretPath = a.Path.Value, Strategy = a.Strategy.Name(), Status = a.Status.Name(), Phase = a.Phase,
    };

    public static P.RotationProgress Progress(RotationProgress p) => new()
    {
        RotationId = p.RotationId, Phase = p.Phase, Migrated = p.Migrated, Total = p.Total, Stale = p.Stale,
    };

    public static P.WriteResult Written(SecretWriteAccepted w) => new() { SecretPath = w.Path.Value, Version = w.Version, Fingerprint = w.Fingerprint };

    public static P.SecretValue Read(SecretRead r) => new()
    {
        SecretPath = r.Path.Value, Selector = r.Selector, Version = r.Version, Fingerprint = r.Fingerprint, CreatedAt = Time(r.CreatedAt),
        Value = r.Value?.RevealPlaintext() ?? SecretValue.Mask, Revealed = r.Value is not null,
    };

    public static P.Policy Policy(RotationPolicy p) => new()
    {
        Name = p.Name, IntervalDays = p.IntervalDays, Strategy = p.Strategy.Name(), RequireVerification = p.RequireVerification,
        VerificationTests = { p.VerificationTests }, AutoRollback = p.AutoRollback, MaxRetries = p.MaxRetries,
        MigrationTimeout = Duration.FromTimeSpan(p.MigrationTimeout), CheckInterval = Duration.FromTimeSpan(p.CheckInterval),
        OnMigrationTimeout = p.OnMigrationTimeout.Name(), StaleAfter = Duration.FromTimeSpan(p.StaleAfter),
        Schedule = p.Schedule is { } s ? Schedule(s) : null,
        EmergencyStrategy = p.EffectiveEmergencyStrategy.Name(), SecurityCooldown = Duration.FromTimeSpan(p.EffectiveSecurityCooldown),
    };

    public static P.AuditRecord Audit(Actors.Operator.AuditRecord r)
    {
        var record = new P.AuditRecord
        {
            Schema = Actors.Operator.AuditRecord.Schema, Offset = r.Offset, Time = Time(r.Time), Kind = r.Kind, Path = r.Path, RotationId = r.RotationId ?? "",
            Fingerprint = r.Fingerprint ?? "", By = r.By ?? "", Trigger = r.Trigger ?? "", Reason = r.Reason ?? "", Outcome = r.Outcome ?? "",
            Strategy = r.Strategy ?? "", Consumer = r.Consumer ?? "", Summary = r.Summary,
        };
        if (r.Version is { } version) record.Version = version;
        if (r.FromVersion is { } from) record.FromVersion = from;
        if (r.ToVersion is { } to) record.ToVersion = to;
        return record;
    }

    public static P.MigrationReport Report(Domain.Ids.SecretPath path, Domain.Reports.MigrationReport r, IEnumerable<string> stale)
    {
        static Google.Protobuf.WellKnownTypes.Duration? Span(TimeSpan? t) => t is { } v ? Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(v) : null;
        var report = new P.MigrationReport
        {
            SecretPath = path.Value, RotationId = r.RotationId, Strategy = r.Strategy.Name(), Trigger = r.Trigger, By = r.By, OldVersion = r.OldVersion,
            StartedAt = Time(r.StartedAt), SwitchAt = r.SwitchAt is { } s ? Time(s) : null, SwitchKind = r.SwitchKind ?? "", EndedAt = r.EndedAt is { } e ? Time(e) : null,
            Outcome = r.Outcome, Error = r.Error ?? "", MedianMove = Span(r.MedianMove), P90Move = Span(r.P90Move), SlowestMove = Span(r.SlowestMove),
            Moved = { r.Moved.Select(m => new P.ConsumerMove { ConsumerId = m.ConsumerId, FromVersion = m.FromVersion, ToVersion = m.ToVersion, At = Time(m.At), AfterSwitch = Span(m.AfterSwitch) }) },
            NotMoved = { r.NotMoved }, Stuck = { r.Stuck }, Gone = { r.Gone }, JoinedOnNew = { r.JoinedOnNew }, Stale = { stale },
            Distribution = { r.Distribution.Select(b => new P.MoveBucket { Label = b.Label, Count = b.Count }) },
        };
        if (r.NewVersion is { } v) report.NewVersion = v;
        return report;
    }

    public static P.Webhook Webhook(Contracts.Messages.WebhookView w) => new()
    {
        Id = w.Id.Value, Url = w.Url, Events = { w.Kinds }, Prefix = w.Prefix ?? "", CreatedBy = w.By, CreatedAt = Time(w.At),
        Delivered = w.Delivered, Failed = w.Failed, Pending = w.Pending,
    };

    public static P.WebhookDelivery Delivery(Domain.Webhooks.DeliveryRecord r, bool pending)
    {
        var d = new P.WebhookDelivery
        {
            Id = r.DeliveryId, Kind = r.Kind, SecretPath = r.Path, RotationId = r.RotationId ?? "", Offset = r.Offset, Attempts = r.Attempts,
            Outcome = pending ? "pending" : r.Delivered ? "delivered" : "failed", LastError = r.LastError ?? "",
            FirstAttemptAt = r.Attempts == 0 ? null : Time(r.FirstAttemptAt), EndedAt = pending || r.Attempts == 0 && r.EndedAt == default ? null : Time(r.EndedAt),
        };
        if (r.LastStatus is { } status) d.LastStatus = status;
        return d;
    }

    public static P.SecretEvent Event(Contracts.Messages.SecretNotice n)
    {
        var e = new P.SecretEvent
        {
            Kind = n.Kind, SecretPath = n.Path.Value, At = Time(n.At), RotationId = n.RotationId ?? "", By = n.By ?? "", Trigger = n.Trigger ?? "",
            Reason = n.Reason ?? "", Outcome = n.Outcome ?? "", Fingerprint = n.Fingerprint ?? "",
        };
        if (n.OldVersion is { } old) e.OldVersion = old;
        if (n.NewVersion is { } @new) e.NewVersion = @new;
        return e;
    }

    private static P.Schedule Schedule(Domain.Schedules.RotationSchedule s) => new()
    {
        Expression = s.Expression, Window = s.Window ?? "", TimeZone = s.TimeZone, Jitter = Duration.FromTimeSpan(s.Jitter),
        RetryInitialDelay = Duration.FromTimeSpan(s.Retry.InitialDelay), RetryMaxDelay = Duration.FromTimeSpan(s.Retry.MaxDelay),
        RetryAttempts = s.Retry.AttemptsPerCycle, RetryCycles = s.Retry.Cycles,
    };

    public static P.NextRotation? Next(Domain.State.DueRotation? due) =>
        due is null ? null : new P.NextRotation { At = Time(due.At), Attempt = due.Attempt, Cycle = due.Cycle, Reason = due.Reason };

    public static P.Attention? Attention(Domain.State.NeedsAttention? attention) =>
        attention is null ? null : new P.Attention { Reason = attention.Reason, LastError = attention.LastError, Since = Time(attention.Since) };

    public static P.PolicyView PolicyView(SecretStatus s) => new()
    {
        SecretPath = s.Path.Value, Policy = Policy(s.Policy), IsDefault = s.PolicyIsDefault, NextRotation = Next(s.NextRotation), NeedsAttention = Attention(s.Attention),
    };

    public static P.SecretStatus Status(SecretStatus s)
    {
        var status = new P.SecretStatus
        {
            SecretPath = s.Path.Value, Exists = s.Exists, DualMode = s.DualMode, ValidVersions = { s.ValidVersions },
            Consumers = new P.ConsumerCounts { Total = s.Consumers.Total, Migrated = s.Consumers.Migrated, Stale = s.Consumers.Stale },
            Policy = Policy(s.Policy), PolicyIsDefault = s.PolicyIsDefault, NextRotation = Next(s.NextRotation), NeedsAttention = Attention(s.Attention),
            Versions = { s.Versions.Select(v => new P.VersionInfo { Version = v.Version, Fingerprint = v.Fingerprint, CreatedAt = Time(v.CreatedAt), Labels = { v.Labels } }) },
        };
        if (s.CurrentVersion is { } current) status.CurrentVersion = current;
        if (s.PendingVersion is { } pending) status.PendingVersion = pending;
        if (s.PreviousVersion is { } previous) status.PreviousVersion = previous;
        if (s.ActiveEnvironment is { } active) status.ActiveEnvironment = active;
        if (s.BlueVersion is { } blue) status.BlueVersion = blue;
        if (s.GreenVersion is { } green) status.GreenVersion = green;
        if (s.PreferredVersion is { } preferred) status.PreferredVersion = preferred;
        if (s.Rotation is { } r)
        {
            status.Rotation = new P.RotationInfo
            {
                Id = r.RotationId, Strategy = r.Strategy.Name(), Phase = r.Phase, Status = r.Status.Name(), StartedAt = Time(r.StartedAt), OldVersion = r.OldVersion,
            };
            if (r.NewVersion is { } @new) status.Rotation.NewVersion = @new;
        }
        if (s.LastRotation is { } last) status.LastRotation = Result(last);
        if (s.Managed is { } m)
        {
            status.Managed = new P.Managed
            {
                Backend = m.Backend, Kind = m.Kind, Username = m.Username, Armed = { m.Armed.Select(a => new P.ArmedLogin { Version = a.Version, Login = a.Login }) },
                WaitingOnSessions = { (m.WaitingOnSessions ?? []).Select(w => new P.RetirementWait { Version = w.Version, Login = w.Login, Sessions = w.Sessions }) },
            };
            if (m.Sessions is { } sessions)
            {
                status.Managed.SessionsKnown = true;
                foreach (var (login, count) in sessions) status.Managed.Sessions[login] = count;
            }
        }
        return status;
    }

    public static P.VerificationReport Report(VerificationReport r) => new()
    {
        SecretPath = r.Path.Value, Version = r.Version, Passed = r.Passed,
        Results = { r.Results.Select(c => new P.CheckOutcome { Name = c.Name, Success = c.Success, Message = c.Message, DurationMs = c.DurationMs }) },
    };

    public static P.History History(SecretHistory h) => new()
    {
        SecretPath = h.Path.Value,
        Events = { h.Events.Select(e => new P.HistoryEntry { SequenceNr = e.SequenceNr, Type = e.Type, At = Time(e.At), Summary = e.Summary }) },
    };

    public static P.ConsumerList Consumers(ConsumerList list)
    {
        var result = new P.ConsumerList
        {
            SecretPath = list.Path.Value,
            Consumers =
            {
                list.Consumers.Select(c =>
                {
                    var info = new P.ConsumerInfo { ConsumerId = c.ConsumerId, Role = c.Role.Name(), SecretVersion = c.SecretVersion, MigrationStatus = c.MigrationStatus.Name(), Registrant = c.Registrant ?? "" };
                    if (c.LastHeartbeat is { } at) info.LastHeartbeat = Time(at);
                    return info;
                }),
            },
        };
        if (list.TargetVersion is { } target) result.TargetVersion = target;
        return result;
    }

    public static P.Credentials Credentials(ValidValues v) => new()
    {
        Path = v.Path.Value, CurrentVersion = v.CurrentVersion, PreferredVersion = v.PreferredVersion,
        Valid = { v.Values.Select(x => new P.CredentialVersion { Version = x.Version, Fingerprint = x.Fingerprint, Value = x.Value.RevealPlaintext() }) },
    };

    public static P.HeartbeatReply Heartbeat(HeartbeatAccepted a) => new()
    {
        CurrentVersion = a.CurrentVersion, PreferredVersion = a.PreferredVersion, ValidVersions = { a.ValidVersions },
    };

    public static P.Notice Notice(RotationNotice n) => new()
    {
        Path = n.Path.Value, Kind = n.Kind.Name(), RotationId = n.RotationId ?? "", CurrentVersion = n.CurrentVersion,
        ValidVersions = { n.ValidVersions }, PreferredVersion = n.PreferredVersion,
    };

    public static P.ClusterView Cluster(ClusterView c) => new()
    {
        Self = c.SelfAddress, Leader = c.Leader ?? "", Unreachable = { c.Unreachable },
        Members = { c.Members.Select(m => new P.Member { Address = m.Address, Status = m.Status, Roles = { m.Roles } }) },
    };

    public static P.ShardsView Shards(ShardsView s) => new()
    {
        TypeName = s.TypeName,
        Regions =
        {
            s.Regions.Select(r => new P.Region
            {
                Address = r.Address, Entities = r.Entities, Shards = { r.Shards.Select(x => new P.Shard { ShardId = x.ShardId, Entities = x.Entities }) },
            }),
        },
    };

    public static P.StatsView Stats(Contracts.Messages.CatalogStats s)
    {
        var total = s.Successful + s.Failed;
        return new P.StatsView
        {
            Secrets = s.Secrets, Total = total, Successful = s.Successful, Failed = s.Failed, Rollbacks = s.Rollbacks,
            SuccessRate = total == 0 ? 0 : (double)s.Successful / total, NeedsAttention = s.NeedsAttention,
        };
    }

    public static P.SecretSummary Summary(Domain.Projections.SecretSummary s)
    {
        var summary = new P.SecretSummary
        {
            Path = s.Path, Strategy = (s.RotationStrategy ?? s.Strategy).Name(), RotationId = s.RotationId ?? "", LastRotationId = s.LastRotationId ?? "",
            Status = s.NeedsAttention ? "needs-attention" : s.RotationId is not null ? "rotating" : "idle", LastStatus = s.LastStatus?.Name() ?? "",
            LastRotationAt = s.LastRotationAt is { } last ? Time(last) : null, NextRotationAt = s.NextRotationAt is { } next ? Time(next) : null,
            NeedsAttention = s.NeedsAttention, Backend = s.Backend ?? "",
        };
        if (s.CurrentVersion is { } current) summary.CurrentVersion = current;
        return summary;
    }
}
