using Akka.Actor;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.State;

namespace HarombeActors.Actors.Consumers;

/// <summary>
/// One consumer of one secret: its last heartbeat, its reply address, and whether it is stale. It tells the parent
/// only about changes (a new version, stale, back alive), so a steady heartbeat costs the parent nothing but a
/// forward. It persists nothing: registrations and version changes are the parent's events.
/// </summary>
public sealed class ConsumerActor : ReceiveActor, IWithTimers
{
    private const string StaleCheckKey = "stale-check";

    private readonly ConsumerId _id;
    private readonly Func<DateTimeOffset> _clock;
    private int? _reportedVersion;
    private ConsumerRole? _reportedRole;
    private TimeSpan _staleAfter;
    private DateTimeOffset _lastSeen;
    private DateTimeOffset? _lastHeartbeat;
    private IActorRef? _replyTo;
    private bool _stale;

    public ITimerScheduler Timers { get; set; } = null!;

    public ConsumerActor(ConsumerId id, ConsumerRecord? known, TimeSpan staleAfter, Func<DateTimeOffset> clock)
    {
        _id = id;
        _reportedVersion = known?.Version;
        _reportedRole = known?.Role;
        _staleAfter = staleAfter;
        _clock = clock;
        // A consumer recovered after a restart has not been heard from yet: it gets a full staleAfter to speak up.
        _lastSeen = clock();

        Receive<Heartbeat>(OnHeartbeat);
        Receive<CheckStale>(_ => CheckForStaleness());
        Receive<SetStaleAfter>(s =>
        {
            _staleAfter = s.StaleAfter;
            ScheduleCheck();
            CheckForStaleness();
        });
        Receive<PushNotice>(p => _replyTo?.Tell(p.Notice));
        Receive<DescribeConsumer>(d => d.ReplyTo.Tell(new ConsumerDescription(_id, _lastHeartbeat, _stale)));
    }

    public static Props Props(ConsumerId id, ConsumerRecord? known, TimeSpan staleAfter, Func<DateTimeOffset> clock) =>
        Akka.Actor.Props.Create(() => new ConsumerActor(id, known, staleAfter, clock));

    protected override void PreStart() => ScheduleCheck();

    private void OnHeartbeat(Heartbeat heartbeat)
    {
        _lastSeen = _clock();
        _lastHeartbeat = _lastSeen;
        _replyTo = heartbeat.ReplyTo;
        if (_reportedVersion != heartbeat.Version || _reportedRole != heartbeat.Role)
        {
            _reportedVersion = heartbeat.Version;
            _reportedRole = heartbeat.Role;
            Context.Parent.Tell(new VersionReported(_id, heartbeat.Version, heartbeat.Role));
        }
        if (_stale)
        {
            _stale = false;
            Context.Parent.Tell(new LivenessChanged(_id, false));
        }
    }

    private void CheckForStaleness()
    {
        if (_stale || _clock() - _lastSeen < _staleAfter) return;
        _stale = true;
        Context.Parent.Tell(new LivenessChanged(_id, true));
    }

    /// <summary>Checks four times per staleAfter, so staleness is noticed within a quarter of the setting.</summary>
    private void ScheduleCheck() =>
        Timers.StartPeriodicTimer(StaleCheckKey, CheckStale.Instance, TimeSpan.FromTicks(Math.Max(_staleAfter.Ticks / 4, TimeSpan.FromMilliseconds(10).Ticks)));

    private sealed class CheckStale : INoSerializationVerificationNeeded
    {
        public static readonly CheckStale Instance = new();
    }
}
