using Akka.Actor;
using Akka.Event;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;

namespace HarombeActors.Client;

/// <summary>
/// One consumer of one secret on a client node. It reads the valid versions and fetches their values; a client uses
/// the version the secret prefers (the new one once dual mode is on), a resource accepts every valid one and reports
/// the newest. It heartbeats on a timer and at once after every change (the acknowledgement the secret waits for),
/// and reacts to pushed notices immediately. When reads fail it keeps serving the last known values and retries with
/// exponential backoff.
/// </summary>
public sealed class SecretConsumerActor : ReceiveActor, IWithTimers
{
    private const string HeartbeatTimer = "heartbeat";
    private const string RetryTimer = "retry";
    private const string ReadTimeoutTimer = "read-timeout";

    private readonly IActorRef _region;
    private readonly SecretConsumerOptions _options;
    private readonly SecretCredentials _credentials;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<int, SecretValue> _values = [];
    private IReadOnlyList<int> _wanted = [];
    private int _preferred;
    private int? _inUse;
    private TimeSpan _backoff;

    public ITimerScheduler Timers { get; set; } = null!;

    public SecretConsumerActor(IActorRef region, SecretConsumerOptions options, SecretCredentials credentials)
    {
        _region = region;
        _options = options;
        _credentials = credentials;
        _backoff = options.MinBackoff;

        Receive<Refresh>(_ => StartRead());
        Receive<SecretStatus>(OnStatus);
        Receive<SecretRead>(OnValue);
        Receive<RotationNotice>(_ => StartRead());
        Receive<SendHeartbeat>(_ => Beat());
        Receive<CommandRejected>(r => Failed(r.Rejection.Message));
        Receive<HeartbeatRejected>(r =>
        {
            _log.Warning("{0}: heartbeat refused: {1}", _options.Path, r.Rejection.Message);
            StartRead();
        });
        Receive<ReadTimedOut>(_ => Failed($"no answer within {_options.RequestTimeout.TotalSeconds:0.#} s"));
    }

    public static Props Props(IActorRef region, SecretConsumerOptions options, SecretCredentials credentials) =>
        Akka.Actor.Props.Create(() => new SecretConsumerActor(region, options, credentials));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(HeartbeatTimer, SendHeartbeat.Instance, _options.HeartbeatInterval);
        StartRead();
    }

    private void StartRead()
    {
        Timers.Cancel(RetryTimer);
        Timers.StartSingleTimer(ReadTimeoutTimer, ReadTimedOut.Instance, _options.RequestTimeout);
        _region.Tell(new GetStatus(_options.Path));
    }

    private void OnStatus(SecretStatus status)
    {
        if (!status.Exists || status.CurrentVersion is not { } current)
        {
            Failed($"secret {_options.Path} does not exist (yet)");
            return;
        }
        _wanted = status.ValidVersions.Count > 0 ? status.ValidVersions : [current];
        _preferred = status.PreferredVersion ?? current;
        var missing = _wanted.Where(v => !_values.ContainsKey(v)).ToList();
        foreach (var v in missing) _region.Tell(new GetSecret(_options.Path, new VersionSelector(VersionSelectorKind.Number, v), Reveal: true));
        if (missing.Count == 0) Switch();
    }

    private void OnValue(SecretRead read)
    {
        if (read.Value is null) return;
        _values[read.Version] = read.Value;
        if (_wanted.All(_values.ContainsKey)) Switch();
    }

    /// <summary>Take the version this consumer should report, publish the snapshot, and acknowledge with a heartbeat at once.</summary>
    private void Switch()
    {
        Timers.Cancel(ReadTimeoutTimer);
        _backoff = _options.MinBackoff;
        var target = _options.Role == ConsumerRole.Resource ? _wanted.Max() : _preferred;
        foreach (var stale in _values.Keys.Where(v => !_wanted.Contains(v)).ToList()) _values.Remove(stale);
        var changed = _inUse != target;
        _inUse = target;
        _credentials.Update(new SecretCredentials.Snapshot(target, _values[target], _wanted.ToDictionary(v => v, v => _values[v]), DateTimeOffset.UtcNow));
        if (changed) Beat();
    }

    private void Beat()
    {
        if (_inUse is { } version)
            _region.Tell(new Heartbeat(_options.Path, _options.ConsumerId.Value, version, DateTimeOffset.UtcNow, Self, _options.Role));
    }

    private void Failed(string why)
    {
        Timers.Cancel(ReadTimeoutTimer);
        _log.Warning("{0}: read failed ({1}); serving the last known value, retrying in {2}", _options.Path, why, _backoff);
        Timers.StartSingleTimer(RetryTimer, Refresh.Instance, _backoff);
        _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _options.MaxBackoff.Ticks));
    }

    private sealed class Refresh : Contracts.Serialization.ILocalOnlyMessage
    {
        public static readonly Refresh Instance = new();
    }

    private sealed class SendHeartbeat : Contracts.Serialization.ILocalOnlyMessage
    {
        public static readonly SendHeartbeat Instance = new();
    }

    private sealed class ReadTimedOut : Contracts.Serialization.ILocalOnlyMessage
    {
        public static readonly ReadTimedOut Instance = new();
    }
}
