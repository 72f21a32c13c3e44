using Akka.Actor;
using Akka.Event;
using HarombeActors.Actors.Consumers;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.State;

namespace HarombeActors.Actors.Secrets;

// The consumer side of a secret: heartbeats in, notices out. A steady heartbeat is one forward to the child; only
// registrations and version changes reach the state machine (and the journal).
public sealed partial class SecretActor
{
    private long _rejectedHeartbeats;

    private void OnHeartbeat(Heartbeat heartbeat)
    {
        var rejection = CheckHeartbeat(heartbeat, out var id);
        if (rejection is not null)
        {
            // Counted, and logged sparingly: a misbehaving client must not flood the log either.
            if (_rejectedHeartbeats++ % 1000 == 0)
                _log.Warning("{0}: heartbeat from '{1}' refused ({2}); {3} refused so far", _state.Path, Truncate(heartbeat.ConsumerId), rejection.Message, _rejectedHeartbeats);
            heartbeat.ReplyTo.Tell(new HeartbeatRejected(_state.Path, Truncate(heartbeat.ConsumerId), rejection));
            PassivateIfMissingLater();
            return;
        }
        EnsureConsumer(id, _state.Consumers.GetValueOrDefault(id.Value)).Forward(heartbeat);
        // A consumer that reports the wrong version missed a notice (it was offline, or the notice was lost on the
        // way): it is told again, so every heartbeat heals a lost notice within one interval.
        if (NeedsNudge(heartbeat) is { } notice) heartbeat.ReplyTo.Tell(notice);
    }

    private RotationNotice? NeedsNudge(Heartbeat heartbeat)
    {
        if (_state.PreferredVersion is not { } preferred || _state.Current is not { } current) return null;
        // Every heartbeat passes here: a client on the preferred version (the steady state) costs one comparison;
        // the valid versions are only computed for resources and for the notice itself.
        if (heartbeat.Role == ConsumerRole.Client && heartbeat.Version == preferred) return null;
        var valid = _state.ValidVersions;
        if (heartbeat.Role == ConsumerRole.Resource && heartbeat.Version == valid[^1]) return null;
        return new RotationNotice(_state.Path, NoticeKind.ValidVersionsChanged, _state.Rotation?.Id.Value, current, valid, preferred);
    }

    private Rejection? CheckHeartbeat(Heartbeat heartbeat, out ConsumerId id)
    {
        if (!ConsumerId.TryParse(heartbeat.ConsumerId, out id, out var badId)) return badId;
        if (!_state.Exists) return new Rejection(RejectionCode.NotFound, $"secret {_state.Path} does not exist");
        if (!_state.Versions.ContainsKey(heartbeat.Version))
            return Rejection.BadInput("version", $"v{heartbeat.Version} does not exist for {_state.Path}");
        if (!_consumers.ContainsKey(id.Value) && _consumers.Count >= _settings.MaxConsumers)
            return new Rejection(RejectionCode.InvalidState, $"{_state.Path} already tracks {_settings.MaxConsumers} consumers");
        return null;
    }

    private static string Truncate(string? raw) => raw is null ? "" : raw.Length <= ConsumerId.MaxLength ? raw : raw[..ConsumerId.MaxLength] + "...";

    private IActorRef EnsureConsumer(ConsumerId id, ConsumerRecord? known)
    {
        if (_consumers.TryGetValue(id.Value, out var child)) return child;
        child = Context.ActorOf(ConsumerActor.Props(id, known, _broadcastStaleAfter, _settings.VersionChanges, _clock), Uri.EscapeDataString(id.Value));
        _consumers[id.Value] = child;
        return child;
    }

    private void OnLivenessChanged(LivenessChanged change)
    {
        var changed = change.Stale ? _stale.Add(change.ConsumerId.Value) : _stale.Remove(change.ConsumerId.Value);
        if (!changed) return;
        if (change.Stale) _log.Info("{0}: consumer {1} is stale (no heartbeat for {2})", _state.Path, change.ConsumerId, _broadcastStaleAfter);
        // A consumer going stale may be the last one a dual-write was waiting for.
        Execute(EvaluateMigration.Instance, null);
    }

    /// <summary>
    /// Tells every consumer, once per batch, when what it should do changed: the valid versions (what resources
    /// accept) or the preferred one (what clients present).
    /// </summary>
    private void PushNotices(IReadOnlyList<ISecretEvent> events, SecretState before)
    {
        if (_consumers.Count == 0 || _state.Current is not { } current || _state.PreferredVersion is not { } preferred) return;
        if (before.PreferredVersion == preferred && before.ValidVersions.SequenceEqual(_state.ValidVersions)) return;
        var kind = NoticeKind.ValidVersionsChanged;
        RotationId? rotationId = null;
        foreach (var e in events)
        {
            NoticeKind? k = e switch
            {
                DualModeEnabled => NoticeKind.DualModeStarted,
                Promoted or EnvironmentSwitched or SecretWritten => NoticeKind.Promoted,
                RolledBack => NoticeKind.RolledBack,
                _ => null,
            };
            if (k is { } found) kind = found;
            if (e is IRotationEvent r) rotationId = r.RotationId;
        }
        var notice = new PushNotice(new RotationNotice(_state.Path, kind, rotationId?.Value, current, _state.ValidVersions, preferred));
        foreach (var child in _consumers.Values) child.Tell(notice);
    }
}
