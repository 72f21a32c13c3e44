using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;

namespace HarombeActors.Actors.Telemetry;

/// <summary>
/// The rotation metrics of one host (meter "HarombeActors", exported by the front door as Prometheus text). Counters
/// and histograms are fed from persisted events; gauges are read at scrape time from the latest state each live
/// secret reported, so a heartbeat costs one counter increment and nothing else. No path or consumer id is ever a
/// label: per-secret detail stays in `status`.
/// </summary>
public sealed class HarombeMetrics : IDisposable
{
    public const string MeterName = "HarombeActors";

    private readonly Meter _meter;
    private readonly Counter<long> _started;
    private readonly Counter<long> _completed;
    private readonly Histogram<double> _rotationDuration;
    private readonly Histogram<double> _verificationDuration;
    private readonly Counter<long> _rollbacks;
    private readonly Histogram<double> _migrationDuration;
    private readonly Counter<long> _heartbeats;
    private readonly Counter<long> _heartbeatsRefused;
    private readonly ConcurrentDictionary<SecretPath, (SecretState State, IReadOnlySet<string> Stale)> _secrets = new();

    public HarombeMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _started = _meter.CreateCounter<long>("harombe.rotations.started", description: "Rotations started, by strategy");
        _completed = _meter.CreateCounter<long>("harombe.rotations.completed", description: "Rotations ended, by strategy and status (success, failed, rolled_back)");
        _rotationDuration = _meter.CreateHistogram<double>("harombe.rotation.duration", "s", "Rotation time from start to its final event, by strategy and status");
        _verificationDuration = _meter.CreateHistogram<double>("harombe.verification.duration", "s", "One verification attempt (all its tests), by result (passed, failed)");
        _rollbacks = _meter.CreateCounter<long>("harombe.rollbacks", description: "Rollbacks, by trigger (automatic, operator)");
        _migrationDuration = _meter.CreateHistogram<double>("harombe.migration.duration", "s", "Dual-write: dual mode on until promotion");
        _heartbeats = _meter.CreateCounter<long>("harombe.heartbeats.received", description: "Consumer heartbeats received");
        _heartbeatsRefused = _meter.CreateCounter<long>("harombe.heartbeats.refused", description: "Consumer heartbeats refused, by reason");
        _meter.CreateObservableGauge("harombe.rotations.in_flight", InFlight, description: "Rotations running on this host, by phase");
        _meter.CreateObservableGauge("harombe.secrets.needs_attention", () => _secrets.Values.Count(s => s.State.Attention is not null),
            description: "Secrets on this host whose scheduled rotation gave up (see secret status; cleared by a successful rotation or secret resume)");
        _meter.CreateObservableGauge("harombe.consumers", ConsumersByState, description: "Consumers of the secrets on this host, by state (live, stale)");
        _meter.CreateObservableGauge("harombe.consumers.by_version", ConsumersByVersion,
            description: "Consumers of the secrets on this host, by the version they use relative to the secret (current, pending, previous, other)");
    }

    public void HeartbeatReceived() => _heartbeats.Add(1);

    public void HeartbeatRefused(string reason) => _heartbeatsRefused.Add(1, Tag("reason", reason));

    /// <summary>Counts what one persisted batch did. <paramref name="command"/> tells an operator's rollback from an automatic one.</summary>
    public void Observe(object command, IReadOnlyList<ISecretEvent> events, SecretState before)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case RotationStarted s:
                    _started.Add(1, Tag("strategy", s.Strategy.Name()));
                    break;
                case RotationCompleted { Result: var r }:
                    Ended(r);
                    break;
                case RotationFailed { Result: var r }:
                    Ended(r);
                    break;
                case Verified v:
                    _verificationDuration.Record(v.Results.Sum(x => x.DurationMs) / 1000, Tag("result", "passed"));
                    break;
                case VerificationFailed f:
                    _verificationDuration.Record(f.Results.Sum(x => x.DurationMs) / 1000, Tag("result", "failed"));
                    break;
                case RolledBack:
                    _rollbacks.Add(1, Tag("trigger", command is RollbackSecret or CancelRotation ? "operator" : "automatic"));
                    break;
                case Promoted p when before.Rotation is { DualModeSince: { } since }:
                    _migrationDuration.Record((p.At - since).TotalSeconds);
                    break;
            }
        }
    }

    /// <summary>The latest state of a live secret on this host, read by the gauges at scrape time.</summary>
    public void Track(SecretState state, IReadOnlySet<string> stale) => _secrets[state.Path] = (state, stale);

    /// <summary>The secret stopped here (passivated, moved, host stopping).</summary>
    public void Forget(SecretPath path) => _secrets.TryRemove(path, out _);

    public void Dispose() => _meter.Dispose();

    private void Ended(RotationResult r)
    {
        var tags = new TagList { { "strategy", r.Strategy.Name() }, { "status", r.Status.Name() } };
        _completed.Add(1, tags);
        _rotationDuration.Record(r.DurationMs / 1000, tags);
    }

    private IEnumerable<Measurement<int>> InFlight() =>
        Enum.GetValues<RotationPhase>().Select(phase =>
            new Measurement<int>(_secrets.Values.Count(s => s.State.Rotation?.Phase == phase), Tag("phase", phase.Name())));

    private IEnumerable<Measurement<int>> ConsumersByState()
    {
        int live = 0, stale = 0;
        foreach (var (state, staleIds) in _secrets.Values)
        foreach (var id in state.Consumers.Keys)
        {
            if (staleIds.Contains(id)) stale++;
            else live++;
        }
        return [new(live, Tag("state", "live")), new(stale, Tag("state", "stale"))];
    }

    private IEnumerable<Measurement<int>> ConsumersByVersion()
    {
        int current = 0, pending = 0, previous = 0, other = 0;
        foreach (var (state, _) in _secrets.Values)
        foreach (var consumer in state.Consumers.Values)
        {
            if (consumer.Version == state.Current) current++;
            else if (consumer.Version == state.Pending) pending++;
            else if (consumer.Version == state.Previous) previous++;
            else other++;
        }
        return [new(current, Tag("relation", "current")), new(pending, Tag("relation", "pending")), new(previous, Tag("relation", "previous")), new(other, Tag("relation", "other"))];
    }

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);
}
