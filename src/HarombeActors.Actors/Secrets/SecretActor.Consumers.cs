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
    private long _childIncarnations;
    private const string ConsumerCheckTimer = "consumer-liveness";
    private TimeSpan _consumerCheckEvery;
    private readonly RegistrationBudgets _registrations;
    private readonly Dictionary<string, List<IActorRef>> _awaitingRegistration = new(StringComparer.Ordinal);
    // Owners of consumers whose registration (or claim) is not persisted yet.
    private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);

    private void OnHeartbeat(Heartbeat heartbeat)
    {
        _metrics.HeartbeatReceived();
        var rejection = CheckConsumer(heartbeat.ConsumerId, heartbeat.Registrant, out var id) ?? CheckVersion(heartbeat.Version);
        var replyTo = heartbeat.ReplyTo ?? Sender;
        if (rejection is not null)
        {
            Refuse(heartbeat.ConsumerId, rejection, replyTo);
            return;
        }
        var known = _state.Consumers.ContainsKey(id.Value);
        EnsureConsumer(id, _state.Consumers.GetValueOrDefault(id.Value)).Forward(heartbeat);
        if (heartbeat.Ack)
        {
            // A new consumer is acknowledged once its registration is persisted, so a rotation that starts right after
            // the acknowledgement waits for it.
            if (known) Sender.Tell(Accepted());
            else AwaitRegistration(id.Value, Sender);
            return;
        }
        // A consumer that reports the wrong version missed a notice (it was offline, or the notice was lost on the
        // way): it is told again, so every heartbeat heals a lost notice within one interval.
        if (heartbeat.ReplyTo is not null && NeedsNudge(heartbeat) is { } notice) heartbeat.ReplyTo.Tell(notice);
    }

    private HeartbeatAccepted Accepted() => new(_state.Path, _state.Current!.Value, _state.ValidVersions, _state.PreferredVersion!.Value);

    private void AwaitRegistration(string consumerId, IActorRef sender)
    {
        if (!_awaitingRegistration.TryGetValue(consumerId, out var senders)) _awaitingRegistration[consumerId] = senders = [];
        senders.Add(sender);
    }

    /// <summary>Acknowledges the heartbeats that waited for their consumer's registration (in this batch).</summary>
    private void RegistrationsPersisted(IReadOnlyList<ISecretEvent> events)
    {
        if (_awaitingRegistration.Count == 0) return;
        foreach (var registered in events.OfType<ConsumerRegistered>())
        {
            if (!_awaitingRegistration.Remove(registered.ConsumerId.Value, out var senders)) continue;
            foreach (var sender in senders) sender.Tell(Accepted());
        }
    }

    /// <summary>A front-door stream becomes where this consumer's notices go; it hears the current state at once.</summary>
    private void OnWatchConsumer(WatchConsumer watch)
    {
        if (watch.Watcher is null) return;
        if (CheckConsumer(watch.ConsumerId, watch.Registrant, out var id) is { } rejection)
        {
            Refuse(watch.ConsumerId, rejection, watch.Watcher);
            return;
        }
        EnsureConsumer(id, _state.Consumers.GetValueOrDefault(id.Value)).Tell(new NotifyTo(watch.Watcher));
        watch.Watcher.Tell(CurrentNotice(NoticeKind.ValidVersionsChanged, _state.Rotation?.Id));
    }

    private void Refuse(string? consumerId, Rejection rejection, IActorRef replyTo)
    {
        _metrics.HeartbeatRefused(rejection.Code.Name());
        // Counted, and logged sparingly: a misbehaving client must not flood the log either.
        if (_rejectedHeartbeats++ % 1000 == 0)
            _log.Warning("{0}: consumer '{1}' refused ({2}); {3} refused so far", _state.Path, Truncate(consumerId), rejection.Message, _rejectedHeartbeats);
        replyTo.Tell(new HeartbeatRejected(_state.Path, Truncate(consumerId), rejection));
        PassivateIfMissingLater();
    }

    private RotationNotice CurrentNotice(NoticeKind kind, RotationId? rotationId) =>
        new(_state.Path, kind, rotationId?.Value, _state.Current!.Value, _state.ValidVersions, _state.PreferredVersion!.Value);

    private RotationNotice? NeedsNudge(Heartbeat heartbeat)
    {
        if (_state.PreferredVersion is not { } preferred || _state.Current is null) return null;
        // Every heartbeat passes here: a client on the preferred version (the steady state) costs one comparison;
        // the valid versions are only computed for resources and for the notice itself.
        if (heartbeat.Role == ConsumerRole.Client && heartbeat.Version == preferred) return null;
        var valid = _state.ValidVersions;
        if (heartbeat.Role == ConsumerRole.Resource && heartbeat.Version == valid[^1]) return null;
        return CurrentNotice(NoticeKind.ValidVersionsChanged, _state.Rotation?.Id);
    }

    /// <summary>
    /// Refuses a bad id or an unknown secret; a new consumer also needs room (a full secret makes room by forgetting its
    /// longest-stale consumer, so it recovers by itself) and, from a front-door token, a registration from its budget.
    /// </summary>
    private Rejection? CheckConsumer(string? consumerId, string? registrant, out ConsumerId id)
    {
        if (!ConsumerId.TryParse(consumerId, out id, out var badId)) return badId;
        if (!_state.Exists) return new Rejection(RejectionCode.NotFound, $"secret {_state.Path} does not exist");
        if (_consumers.ContainsKey(id.Value)) return CheckOwner(id, registrant);
        if (registrant is not null && !_registrations.TryTake(registrant, _clock()))
            return new Rejection(RejectionCode.Throttled,
                $"token '{registrant}' registered too many new consumers of {_state.Path} (at most {_settings.Registrations.Burst} at once, then {_settings.Registrations.PerMinute} per minute); retry later");
        if (_consumers.Count >= _settings.MaxConsumers && !MakeRoom())
            return new Rejection(RejectionCode.InvalidState, $"{_state.Path} already tracks {_settings.MaxConsumers} consumers, all of them live");
        if (registrant is not null) _owners[id.Value] = registrant;
        return null;
    }

    /// <summary>
    /// Only the token that registered a consumer may speak for it: another token's heartbeat could otherwise report
    /// a move its real service never made and get a dual-write promoted under it. Cluster members are trusted with
    /// every consumer. A registered consumer without an owner is claimed (persisted) by the first token heard for it.
    /// </summary>
    private Rejection? CheckOwner(ConsumerId id, string? registrant)
    {
        var owner = OwnerOf(id);
        if (ConsumerRecord.IsAnotherOwner(owner, registrant)) return SecretDecider.ConsumerOwnedByAnother(_state, id);
        if (owner is null && registrant is not null)
        {
            _owners[id.Value] = registrant;
            if (_state.Consumers.GetValueOrDefault(id.Value) is { } record) Execute(new ObserveConsumer(id, record.Version, record.Role, registrant), null);
        }
        return null;
    }

    /// <summary>The token a consumer belongs to: persisted, or remembered from its first heartbeat until it is.</summary>
    private string? OwnerOf(ConsumerId id) => _state.Consumers.GetValueOrDefault(id.Value)?.Registrant ?? _owners.GetValueOrDefault(id.Value);

    /// <summary>Forgets one stale consumer to make room: one that never registered at once, else the longest-stale (an event).</summary>
    private bool MakeRoom()
    {
        if (_stale.FirstOrDefault(id => !_state.Consumers.ContainsKey(id)) is { } unregistered)
        {
            ForgetChild(unregistered);
            return true;
        }
        var oldest = _stale.Select(id => _state.Consumers[id]).MinBy(c => c.VersionSince);
        if (oldest is null) return false;
        // The expiry is persisted before the next message is handled, so the cap is exceeded by one at most, briefly.
        Execute(new ExpireConsumer(oldest.Id, $"{_state.Path} was full ({_settings.MaxConsumers} consumers); the longest-stale one made room"), null);
        return true;
    }

    private void OnRetentionExpired(RetentionExpired expired)
    {
        // A child that never registered (a watch without a heartbeat) has no record to expire: it just goes.
        if (!_state.Consumers.ContainsKey(expired.ConsumerId.Value)) ForgetChild(expired.ConsumerId.Value);
        else Execute(new ExpireConsumer(expired.ConsumerId, $"stale for longer than the retention ({_settings.ConsumerRetention})"), null);
    }

    /// <summary>Stops the children of consumers whose expiry or removal was just persisted.</summary>
    private void ConsumersForgotten(IReadOnlyList<ISecretEvent> events)
    {
        foreach (var e in events)
        {
            var id = e switch { ConsumerExpired x => x.ConsumerId, ConsumerRemoved r => r.ConsumerId, _ => (ConsumerId?)null };
            if (id is { } forgotten) ForgetChild(forgotten.Value);
        }
    }

    private void ForgetChild(string consumerId)
    {
        _owners.Remove(consumerId);
        if (_consumers.Remove(consumerId, out var child)) Context.Stop(child);
        _stale = _stale.Remove(consumerId);
    }

    private Rejection? CheckVersion(int version) =>
        _state.Versions.ContainsKey(version) ? null : Rejection.BadInput("version", $"v{version} does not exist for {_state.Path}");

    private static string Truncate(string? raw) => raw is null ? "" : raw.Length <= ConsumerId.MaxLength ? raw : raw[..ConsumerId.MaxLength] + "...";

    private IActorRef EnsureConsumer(ConsumerId id, ConsumerRecord? known)
    {
        if (_consumers.TryGetValue(id.Value, out var child)) return child;
        // A forgotten consumer's child may still be stopping when the consumer comes back: the new one gets another name.
        var name = Uri.EscapeDataString(id.Value);
        if (!Context.Child(name).IsNobody()) name += "~" + ++_childIncarnations;
        child = Context.ActorOf(ConsumerActor.Props(id, known, _broadcastStaleAfter, _settings.VersionChanges, _settings.ConsumerRetention, _clock).WithMailbox(CompactMailbox.ConfigPath), name);
        _consumers[id.Value] = child;
        KeepCheckingConsumers();
        return child;
    }

    /// <summary>
    /// One timer per secret checks its consumers' liveness, four times per staleAfter (so staleness is noticed within a
    /// quarter of the setting), instead of a timer in every consumer: thousands of timers cost more memory than the
    /// consumers' own state. Runs once the first consumer is known; restarted when staleAfter changes.
    /// </summary>
    private void KeepCheckingConsumers()
    {
        var every = TimeSpan.FromTicks(Math.Max(_broadcastStaleAfter.Ticks / 4, TimeSpan.FromMilliseconds(10).Ticks));
        if (every == _consumerCheckEvery && Timers.IsTimerActive(ConsumerCheckTimer)) return;
        _consumerCheckEvery = every;
        Timers.StartPeriodicTimer(ConsumerCheckTimer, CheckLiveness.Instance, every);
    }

    private void CheckConsumers()
    {
        foreach (var child in _consumers.Values) child.Tell(CheckLiveness.Instance);
    }

    private void OnLivenessChanged(LivenessChanged change)
    {
        var stale = change.Stale ? _stale.Add(change.ConsumerId.Value) : _stale.Remove(change.ConsumerId.Value);
        if (stale == _stale) return;
        _stale = stale;
        _metrics.Track(_state, _stale);
        PushProgress();
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
        if (_consumers.Count == 0 || _state.Current is null || _state.PreferredVersion is not { } preferred) return;
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
        var notice = new PushNotice(CurrentNotice(kind, rotationId));
        foreach (var child in _consumers.Values) child.Tell(notice);
    }
}
