using System.Collections.Immutable;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Policies;

namespace HarombeActors.Domain.Projections;

/// <summary>
/// Every secret's summary and the cluster's rotation counts, folded from the tagged event stream in journal order, with
/// the offset of the last event folded in: saved together as one snapshot, so after a restart the fold resumes exactly
/// after it (nothing counted twice, nothing missed). The counts are the definitions `stats` always had: a rotation is a
/// RotationCompleted (successful) or RotationFailed (failed); every RolledBack is a rollback; a secret is a path with events.
/// </summary>
public sealed record SecretCatalog
{
    public ImmutableSortedDictionary<string, SecretSummary> Secrets { get; init; } = ImmutableSortedDictionary.Create<string, SecretSummary>(StringComparer.Ordinal);
    public long Offset { get; init; }
    public int Successful { get; init; }
    public int Failed { get; init; }
    public int Rollbacks { get; init; }

    public static readonly SecretCatalog Empty = new();

    public int NeedsAttention => Secrets.Values.Count(s => s.NeedsAttention);

    public SecretCatalog Apply(ISecretEvent e, long offset)
    {
        var path = e.Path.Value;
        var summary = Secrets.TryGetValue(path, out var known) ? known : new SecretSummary(path);
        var counted = e switch
        {
            RotationCompleted => this with { Successful = Successful + 1 },
            RotationFailed => this with { Failed = Failed + 1 },
            RolledBack => this with { Rollbacks = Rollbacks + 1 },
            _ => this,
        };
        return counted with { Secrets = Secrets.SetItem(path, Fold(summary, e)), Offset = Math.Max(Offset, offset) };
    }

    private static SecretSummary Fold(SecretSummary s, ISecretEvent e) => e switch
    {
        SecretWritten w => s with { CurrentVersion = w.Version.Number },
        PolicySet p => s with { Strategy = (p.Policy ?? RotationPolicy.Default).Strategy },
        CredentialBound b => s with { Backend = b.Binding.Backend },
        RotationStarted r => s with { RotationId = r.RotationId.Value, RotationStrategy = r.Strategy },
        Promoted p => s with { CurrentVersion = p.NewVersion },
        EnvironmentSwitched w => s with { CurrentVersion = w.NewVersion },
        RolledBack r => s with { CurrentVersion = r.ToVersion },
        RotationCompleted c => Ended(s, c.Result),
        RotationFailed f => Ended(s, f.Result),
        RotationScheduled d => s with { NextRotationAt = d.DueAt },
        ScheduleStopped => s with { NextRotationAt = null },
        AttentionNeeded => s with { NeedsAttention = true, NextRotationAt = null },
        AttentionCleared => s with { NeedsAttention = false },
        _ => s,
    };

    private static SecretSummary Ended(SecretSummary s, Rotation.RotationResult r) => s with
    {
        RotationId = null, RotationStrategy = null, LastRotationId = r.RotationId, LastStatus = r.Status, LastRotationAt = r.CompletedAt ?? r.StartedAt,
    };
}
