using HarombeActors.Domain.Events;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;

namespace HarombeActors.Domain.Reports;

/// <summary>One consumer's move to the rotation's new version: when, and how long after the switch (dual mode on, or the new value current).</summary>
public sealed record ConsumerMove(string ConsumerId, int FromVersion, int ToVersion, DateTimeOffset At, TimeSpan AfterSwitch);

/// <summary>How many consumers moved within one bucket of time after the switch ([From, To); To null: and later).</summary>
public sealed record MoveBucket(string Label, TimeSpan From, TimeSpan? To, int Count);

/// <summary>
/// One rotation's migration, from the secret's events alone: when it started and switched, when each consumer moved
/// (slowest last), who was not on the new version at the end (or now), who was stuck when the
/// migration timed out, who expired or was removed meanwhile, and how it ended. Never a value (events hold none).
/// </summary>
public sealed record MigrationReport(
    string RotationId, RotationStrategy Strategy, string Trigger, string By, int OldVersion, int? NewVersion, DateTimeOffset StartedAt,
    DateTimeOffset? SwitchAt, string? SwitchKind, DateTimeOffset? EndedAt, string Outcome, string? Error,
    IReadOnlyList<ConsumerMove> Moved, IReadOnlyList<string> NotMoved, IReadOnlyList<string> Stuck, IReadOnlyList<string> Gone, IReadOnlyList<string> JoinedOnNew,
    TimeSpan? MedianMove, TimeSpan? P90Move, TimeSpan? SlowestMove, IReadOnlyList<MoveBucket> Distribution)
{
    /// <summary>The buckets of the time-to-migrate distribution.</summary>
    public static readonly IReadOnlyList<(string Label, TimeSpan From, TimeSpan? To)> Buckets =
    [
        ("< 1 s", TimeSpan.Zero, TimeSpan.FromSeconds(1)), ("1-5 s", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)),
        ("5-30 s", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)), ("30 s-2 min", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)),
        ("2-10 min", TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10)), ("10 min +", TimeSpan.FromMinutes(10), null),
    ];
}

public static class MigrationReports
{
    /// <summary>The rotations in the events, oldest first: id, strategy, start.</summary>
    public static IReadOnlyList<RotationStarted> Rotations(IEnumerable<ISecretEvent> events) => [.. events.OfType<RotationStarted>()];

    /// <summary>The report of rotation <paramref name="rotationId"/> (null: the latest), or null when the secret has no such rotation.</summary>
    public static MigrationReport? For(IReadOnlyList<ISecretEvent> events, string? rotationId = null)
    {
        var (started, startIndex) = events.Select((e, i) => (Started: e as RotationStarted, Index: i))
            .LastOrDefault(x => x.Started is { } s && (rotationId is null || s.RotationId.Value == rotationId));
        if (started is null) return null;

        // Which consumer ran which version just before the rotation started (replaying their events from the beginning).
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in events.Take(startIndex)) Track(versions, e);

        // The rotation's own events: from its start to its end (a secret runs one rotation at a time).
        DateTimeOffset? switchAt = null, endedAt = null;
        string? switchKind = null, error = null;
        var outcome = "in progress";
        int? newVersion = null;
        var stuck = new List<string>();
        var moved = new List<(string Consumer, int From, int To, DateTimeOffset At)>();
        var gone = new List<string>();
        var goneIds = new HashSet<string>(StringComparer.Ordinal);
        var joined = new List<string>();
        foreach (var e in events.Skip(startIndex + 1))
        {
            switch (e)
            {
                case StagedWritten w:
                    newVersion = w.Version.Number;
                    break;
                case DualModeEnabled d when switchAt is null:
                    (switchAt, switchKind, newVersion) = (d.At, "dual mode on", d.NewVersion);
                    break;
                case EnvironmentSwitched s when switchAt is null:
                    (switchAt, switchKind, newVersion) = (s.At, $"switched to {s.To.Name()}", s.NewVersion);
                    break;
                case Promoted p when switchAt is null:
                    (switchAt, switchKind, newVersion) = (p.At, "promoted", p.NewVersion);
                    break;
                case MigrationTimedOut t:
                    stuck.AddRange(t.StuckConsumers);
                    break;
                case RotationCompleted c:
                    (endedAt, outcome, error) = (c.At, c.Result.Status.Name(), c.Result.Error);
                    break;
                case RotationFailed f:
                    (endedAt, outcome, error) = (f.At, f.Result.Status.Name(), f.Result.Error);
                    break;
            }
            switch (e)
            {
                case ConsumerMigrated m when m.ToVersion == newVersion:
                    moved.Add((m.ConsumerId.Value, m.FromVersion, m.ToVersion, m.At));
                    break;
                case ConsumerRegistered r when r.Version == newVersion && !versions.ContainsKey(r.ConsumerId.Value):
                    joined.Add(r.ConsumerId.Value);
                    break;
                case ConsumerExpired or ConsumerRemoved:
                    var left = e is ConsumerExpired x ? x.ConsumerId.Value : ((ConsumerRemoved)e).ConsumerId.Value;
                    if (goneIds.Add(left)) gone.Add(left);
                    break;
            }
            Track(versions, e);
            if (endedAt is not null) break; // what follows its end is not the rotation's
        }

        var reference = switchAt ?? started.At;
        var moves = moved
            .DistinctBy(m => m.Consumer) // a consumer that went back and forth: its first move counts
            .Select(m => new ConsumerMove(m.Consumer, m.From, m.To, m.At, TimeSpan.FromTicks(Math.Max(0, (m.At - reference).Ticks))))
            .OrderBy(m => m.AfterSwitch).ThenBy(m => m.ConsumerId, StringComparer.Ordinal).ToList();
        // Once switched, everyone still known at the end (or now) who is not on the new version: it never moved, went back,
        // or joined on the old one meanwhile.
        var notMoved = switchAt is null ? [] : versions.Where(kv => kv.Value != newVersion).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        var times = moves.Select(m => m.AfterSwitch).ToList();
        return new MigrationReport(started.RotationId.Value, started.Strategy, started.Trigger, started.By.Name, started.OldVersion, newVersion, started.At, switchAt, switchKind,
            endedAt, outcome, error, moves, notMoved, [.. stuck.Distinct()], gone, [.. joined.Distinct()],
            Percentile(times, 0.5), Percentile(times, 0.9), times.Count == 0 ? null : times[^1],
            [.. MigrationReport.Buckets.Select(b => new MoveBucket(b.Label, b.From, b.To, times.Count(t => t >= b.From && (b.To is not { } to || t < to))))]);
    }

    private static void Track(Dictionary<string, int> versions, ISecretEvent e)
    {
        switch (e)
        {
            case ConsumerRegistered r:
                versions[r.ConsumerId.Value] = r.Version;
                break;
            case ConsumerMigrated m:
                versions[m.ConsumerId.Value] = m.ToVersion;
                break;
            case ConsumerExpired x:
                versions.Remove(x.ConsumerId.Value);
                break;
            case ConsumerRemoved r:
                versions.Remove(r.ConsumerId.Value);
                break;
        }
    }

    /// <summary>Nearest-rank percentile of sorted times.</summary>
    private static TimeSpan? Percentile(IReadOnlyList<TimeSpan> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
