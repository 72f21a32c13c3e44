using Akka.Actor;
using Akka.Event;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.State;

namespace HarombeActors.Actors.Consumers;

/// <summary>
/// One consumer of one secret: its last heartbeat, its reply address, and whether it is stale. It tells the parent
/// only about changes (a new version, stale, back alive), so a steady heartbeat costs the parent nothing but a
/// forward, and version changes pass a <see cref="VersionChangeLimit"/>, so a flapping consumer cannot flood the
/// journal. It persists nothing: registrations and version changes are the parent's events.
/// </summary>
public sealed class ConsumerActor : UntypedActor
{
    private readonly ConsumerId _id;
    private readonly Func<DateTimeOffset> _clock;
    private readonly VersionChangeLimit _limit;
    private readonly TimeSpan _retention;
    private int? _reportedVersion;
    private ConsumerRole? _reportedRole;
    private (int Version, ConsumerRole Role)? _latest;
    private int _tokens;
    private long _coalesced;
    private TimeSpan _staleAfter;
    private DateTimeOffset _lastSeen;
    private DateTimeOffset? _lastHeartbeat;
    private IActorRef? _replyTo;
    private bool _stale;
    private bool _expiryReported;

    // The refill schedule runs only while the bucket is not full. A tick already on its way when its schedule was
    // cancelled carries an old generation and is ignored, so it cannot add a token on behalf of the next schedule.
    private ICancelable? _refill;
    private int _refillGeneration;

    public ConsumerActor(ConsumerId id, ConsumerRecord? known, TimeSpan staleAfter, VersionChangeLimit limit, TimeSpan retention, Func<DateTimeOffset> clock)
    {
        _retention = retention;
        _id = id;
        _reportedVersion = known?.Version;
        _reportedRole = known?.Role;
        _limit = limit;
        _tokens = limit.Burst;
        _staleAfter = staleAfter;
        _clock = clock;
        // A consumer recovered after a restart has not been heard from yet: it gets a full staleAfter to speak up.
        _lastSeen = clock();
    }

    // A plain switch rather than ReceiveActor's handler table: that table is built per instance, and a secret can hold
    // thousands of these (the memory per tracked consumer is a figure of the scale benchmark).
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Heartbeat heartbeat: OnHeartbeat(heartbeat); break;
            case CheckLiveness: CheckForStaleness(); break;
            case RefillOne refill when refill.Generation == _refillGeneration: Refill(); break;
            case RefillOne: break;
            case SetStaleAfter s:
                _staleAfter = s.StaleAfter;
                CheckForStaleness();
                break;
            case PushNotice p:
                // A notice asks the consumer to move, so the moves that follow are legitimate: a full bucket for them.
                _tokens = _limit.Burst;
                ReportIfChanged();
                _replyTo?.Tell(p.Notice);
                break;
            case DescribeConsumer d: d.ReplyTo.Tell(new ConsumerDescription(_id, _lastHeartbeat, _stale)); break;
            case NotifyTo n: ReplyTo(n.Watcher); break;
            case Terminated t:
                if (t.ActorRef.Equals(_replyTo)) _replyTo = null;
                break;
            default: Unhandled(message); break;
        }
    }

    public static Props Props(ConsumerId id, ConsumerRecord? known, TimeSpan staleAfter, VersionChangeLimit limit, TimeSpan retention, Func<DateTimeOffset> clock) =>
        Akka.Actor.Props.Create(() => new ConsumerActor(id, known, staleAfter, limit, retention, clock));

    protected override void PostStop() => _refill?.Cancel();

    private void OnHeartbeat(Heartbeat heartbeat)
    {
        _lastSeen = _clock();
        _lastHeartbeat = _lastSeen;
        _expiryReported = false;
        if (heartbeat.ReplyTo is { } replyTo) ReplyTo(replyTo);
        _latest = (heartbeat.Version, heartbeat.Role);
        ReportIfChanged();
        if (_stale)
        {
            _stale = false;
            Context.Parent.Tell(new LivenessChanged(_id, false));
        }
    }

    /// <summary>Where notices go from now on; a stream that ends stops receiving them (and is not held on to).</summary>
    private void ReplyTo(IActorRef address)
    {
        if (address.Equals(_replyTo)) return;
        if (_replyTo is not null) Context.Unwatch(_replyTo);
        _replyTo = address;
        Context.Watch(address);
    }

    /// <summary>Tells the parent about the latest version if it changed and the bucket has a token; else it waits for one.</summary>
    private void ReportIfChanged()
    {
        if (_latest is not { } latest || (latest.Version == _reportedVersion && latest.Role == _reportedRole)) return;
        if (_tokens == 0)
        {
            if (_coalesced++ % 100 == 0)
                Context.GetLogger().Warning("consumer {0} changes versions faster than {1} per {2}; coalescing ({3} so far)", _id, _limit.Burst, _limit.Refill, _coalesced);
            return;
        }
        _tokens--;
        _refill ??= Context.System.Scheduler.ScheduleTellRepeatedlyCancelable(_limit.Refill, _limit.Refill, Self, new RefillOne(++_refillGeneration), Self);
        (_reportedVersion, _reportedRole) = latest;
        Context.Parent.Tell(new VersionReported(_id, latest.Version, latest.Role));
    }

    private void Refill()
    {
        _tokens = Math.Min(_tokens + 1, _limit.Burst);
        ReportIfChanged();
        if (_tokens < _limit.Burst) return;
        _refill?.Cancel();
        _refill = null;
        _refillGeneration++;
    }

    private void CheckForStaleness()
    {
        var silence = _clock() - _lastSeen;
        if (!_stale && silence >= _staleAfter)
        {
            _stale = true;
            Context.Parent.Tell(new LivenessChanged(_id, true));
        }
        // Retention counts from the last heartbeat this incarnation heard (or its start: liveness is not persisted).
        // The parent decides; it stops this actor once the expiry is persisted.
        if (_stale && !_expiryReported && silence >= _retention)
        {
            _expiryReported = true;
            Context.Parent.Tell(new RetentionExpired(_id));
        }
    }

    private sealed record RefillOne(int Generation) : Contracts.Serialization.ILocalOnlyMessage;
}
