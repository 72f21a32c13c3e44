using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using HarombeActors.Actors.Notices;
using HarombeActors.Actors.Operator;
using HarombeActors.Actors.Secrets;
using HarombeActors.Contracts.Messages;
using HarombeActors.Contracts.Serialization;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Security;
using HarombeActors.Domain.Values;
using HarombeActors.Domain.Webhooks;

namespace HarombeActors.Actors.Webhooks;

/// <summary>
/// The webhooks and their deliveries: one per cluster (a singleton on the hosts). It reads the events tagged
/// <see cref="EventTags.All"/> from the journal in order (not the notice topic, which loses what is published while it
/// moves), turns each into its notice, and starts a <see cref="WebhookDelivery"/> for every webhook that wants it. The
/// journal offset up to which every delivery has been started is saved with the records, so after a restart or a move
/// it reads on from there: a delivery may then be made twice (its id says so), never not at all. Reading is
/// back-pressured by the deliveries in flight, and nothing here is on a secret's path: a rotation never waits for a webhook.
/// </summary>
public sealed class WebhookRegistry : ReceivePersistentActor, IWithTimers
{
    public const string Name = "webhook-registry";
    /// <summary>Fingerprints of recent versions (from writes and staged values), so a rotation's notice can carry its new version's.</summary>
    private const int KeptFingerprints = 10_000;

    private readonly string _readJournalId;
    private readonly WebhookSettings _settings;
    private readonly ISecretCipher _cipher;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    /// <summary>https deliveries: through the environment's proxy when one is set (HTTPS_PROXY, NO_PROXY), as other outbound calls go.</summary>
    private readonly HttpClient _http;
    /// <summary>http deliveries, to loopback only: never through a proxy, which would carry them in plaintext off the machine.</summary>
    private readonly HttpClient _direct;
    /// <summary>Adds accepted but not yet persisted (waiting for the journal's position), counted against the webhook limit.</summary>
    private int _adding;
    /// <summary>Every delivery not yet ended: being tried (with its actor) or waiting for one of its webhook's slots (<see cref="_waiting"/>).</summary>
    private readonly Dictionary<string, Pending> _inFlight = [];
    private readonly Dictionary<WebhookId, Queue<string>> _waiting = [];
    private readonly Dictionary<WebhookId, int> _running = [];
    private readonly Dictionary<(string Path, int Version), string> _fingerprints = [];
    private WebhookRegistryState _state = WebhookRegistryState.Empty;
    private long _read;
    private bool _dirty;
    private long _lastSnapshotSequenceNr;
    private UniqueKillSwitch? _stream;
    /// <summary>Which reading is current: messages of a stream stopped since (it may still be finishing) are ignored.</summary>
    private int _generation;
    private IActorRef? _source;
    private IActorRef? _unacked;

    /// <summary>Deliveries not yet ended, all webhooks together, beyond which the registry reads no further until some end.</summary>
    private const int MaxPending = 100_000;

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId => Name;

    public WebhookRegistry(string readJournalId, WebhookSettings settings, ISecretCipher cipher, TimeProvider clock)
    {
        (_readJournalId, _settings, _cipher, _clock) = (readJournalId, settings, cipher, clock);
        // No redirects: a signed notice goes only where the operator said.
        _http = Client(useProxy: true);
        _direct = Client(useProxy: false);
        Recover<SnapshotOffer>(offer =>
        {
            _state = (WebhookRegistryState)offer.Snapshot;
            _lastSnapshotSequenceNr = offer.Metadata.SequenceNr;
        });
        Recover<IWebhookEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            _read = _state.Offset;
            Timers.StartPeriodicTimer(Save.Instance, Save.Instance, _settings.SaveEvery);
            if (!_state.Webhooks.IsEmpty) StartReading(_state.Offset);
        });
        Command<AddWebhook>(OnAdd);
        Command<Adding>(OnAdding);
        Command<RemoveWebhook>(OnRemove);
        Command<ListWebhooks>(_ => Sender.Tell(new WebhookList([.. _state.Webhooks.Values.Select(View)])));
        Command<ListDeliveries>(OnListDeliveries);
        Command<ReadFrom>(r => StartReading(Math.Max(r.Offset, _read)));
        Command<StreamStarted>(s =>
        {
            if (s.Generation != _generation) return;
            _source = Sender;
            Sender.Tell(Ack.Instance);
        });
        Command<EventEnvelope>(OnEnvelope);
        Command<StreamEnded>(OnStreamEnded);
        Command<DeliveryTried>(t =>
        {
            if (_inFlight.TryGetValue(t.Record.DeliveryId, out var entry)) _inFlight[t.Record.DeliveryId] = entry with { Record = t.Record };
        });
        Command<DeliveryEnded>(e =>
        {
            if (!_inFlight.Remove(e.Record.DeliveryId)) return;
            _running[e.Record.WebhookId] = _running.GetValueOrDefault(e.Record.WebhookId) - 1;
            Record(e.Record);
            StartWaiting(e.Record.WebhookId);
        });
        Command<Save>(_ => SaveIfChanged());
        Command<SaveSnapshotSuccess>(saved =>
        {
            var previous = _lastSnapshotSequenceNr;
            _lastSnapshotSequenceNr = saved.Metadata.SequenceNr;
            if (previous > 0 && previous < saved.Metadata.SequenceNr) DeleteSnapshots(new SnapshotSelectionCriteria(previous - 1));
        });
        Command<SaveSnapshotFailure>(f => _log.Warning("saving the webhook registry failed: {0}", f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning("deleting old snapshots of the webhook registry failed: {0}", f.Cause.Message));
    }

    public static Props Props(string readJournalId, WebhookSettings settings, ISecretCipher cipher, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new WebhookRegistry(readJournalId, settings, cipher, clock));

    private HttpClient Client(bool useProxy) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = useProxy, ConnectTimeout = _settings.AttemptTimeout, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    protected override void PostStop()
    {
        _stream?.Shutdown();
        _http.Dispose();
        _direct.Dispose();
        base.PostStop();
    }

    private static SecretPath SealedUnder(WebhookId id) => SecretPath.Parse("/harombe/webhooks/" + id.Value);

    /// <summary>No secret has a version 0, so a webhook's sealed secret and a secret's version can never be opened as each other.</summary>
    private const int SealedVersion = 0;

    private void OnAdd(AddWebhook add)
    {
        if (add.Request.Validate() is { } bad)
        {
            Sender.Tell(new WebhookRejected(bad));
            return;
        }
        if (_state.Webhooks.Count + _adding >= WebhookRequest.MaxWebhooks)
        {
            Sender.Tell(new WebhookRejected(new Rejection(RejectionCode.InvalidState, $"there are {WebhookRequest.MaxWebhooks} webhooks already: remove one first")));
            return;
        }
        // Where the journal is now (the catalog's answer includes every event persisted before the question): the new
        // webhook is told of what is written after that, whichever host's clock stamped it.
        var (self, replyTo) = (Self, Sender);
        _adding++;
        CatalogProjection.AskAsync<CatalogStats>(Context.System, GetCatalogStats.Instance, TimeSpan.FromSeconds(20))
            .PipeTo(self, success: stats => new Adding(add, replyTo, stats.Offset), failure: _ => new Adding(add, replyTo, null));
    }

    private void OnAdding(Adding adding)
    {
        _adding--;
        if (adding.Offset is not { } offset)
        {
            adding.ReplyTo.Tell(new WebhookRejected(new Rejection(RejectionCode.InvalidState, "the journal's position could not be read in time; nothing was added, try again")));
            return;
        }
        var add = adding.Add;
        var id = WebhookId.New();
        var secret = WebhookSignature.NewSecret();
        var prefix = string.IsNullOrEmpty(add.Request.Prefix) ? null : add.Request.Prefix;
        var hook = new Webhook(id, add.Request.CanonicalUrl, [.. add.Request.Kinds.Distinct()], prefix, _cipher.Seal(SealedUnder(id), SealedVersion, SecretValue.Create(secret)), add.By,
            _clock.GetUtcNow(), offset);
        Persist(new WebhookAdded(hook), added =>
        {
            _state = _state.Apply(added);
            adding.ReplyTo.Tell(new WebhookCreated(View(hook), secret));
            // Nothing was read while there were no webhooks, and nothing from before this one is owed to it.
            if (_stream is null) StartReading(Math.Max(_read, offset));
        });
    }

    private void OnRemove(RemoveWebhook remove)
    {
        if (!_state.Webhooks.TryGetValue(remove.Id.Value, out var hook))
        {
            Sender.Tell(NoSuchWebhook(remove.Id));
            return;
        }
        Persist(new WebhookRemoved(remove.Id, remove.By, _clock.GetUtcNow()), removed =>
        {
            _state = _state.Apply(removed);
            foreach (var (id, entry) in _inFlight.Where(f => f.Value.Record.WebhookId == remove.Id).ToList())
            {
                if (entry.Delivery is { } delivery) Context.Stop(delivery);
                _inFlight.Remove(id);
                Record(entry.Record with { LastError = "the webhook was removed", EndedAt = _clock.GetUtcNow() }, quietly: true);
            }
            _waiting.Remove(remove.Id);
            _running.Remove(remove.Id);
            Sender.Tell(new WebhookRemovedReply(View(hook)));
            if (_state.Webhooks.IsEmpty) StopReading();
        });
    }

    private static WebhookRejected NoSuchWebhook(WebhookId id) => new(new Rejection(RejectionCode.NotFound, $"webhook {id} does not exist", "id"));

    private void OnListDeliveries(ListDeliveries list)
    {
        if (!_state.Webhooks.ContainsKey(list.Id.Value) && !_state.Deliveries.Exists(r => r.WebhookId == list.Id))
        {
            Sender.Tell(NoSuchWebhook(list.Id));
            return;
        }
        var limit = Math.Clamp(list.Limit, 1, WebhookRegistryState.KeptRecords);
        var ended = _state.Deliveries.Where(r => r.WebhookId == list.Id).Reverse().Take(limit).ToList();
        var pending = _inFlight.Values.Select(f => f.Record).Where(r => r.WebhookId == list.Id).OrderBy(r => r.Offset).ToList();
        Sender.Tell(new DeliveryList(list.Id, pending, ended));
    }

    private WebhookView View(Webhook hook)
    {
        var records = _state.Deliveries.Where(r => r.WebhookId == hook.Id).ToList();
        return new WebhookView(hook.Id, WebhookRequest.Shown(hook.Url), hook.Kinds, hook.Prefix, hook.By.Name, hook.At, records.Count(r => r.Delivered), records.Count(r => !r.Delivered),
            _inFlight.Values.Count(f => f.Record.WebhookId == hook.Id));
    }

    private void StartReading(long offset)
    {
        if (_stream is not null || _state.Webhooks.IsEmpty) return;
        _read = offset;
        var generation = ++_generation;
        _log.Info("webhooks: reading the journal after offset {0}", offset);
        _stream = PersistenceQuery.Get(Context.System).ReadJournalFor<IEventsByTagQuery>(_readJournalId)
            .EventsByTag(EventTags.All, Offset.Sequence(offset))
            .ViaMaterialized(KillSwitches.Single<EventEnvelope>(), Keep.Right)
            .To(Sink.ActorRefWithAck<EventEnvelope>(Self, new StreamStarted(generation), Ack.Instance, new StreamEnded(generation, null), e => new StreamEnded(generation, e)))
            .Run(Context.System.Materializer());
    }

    private void StopReading()
    {
        _stream?.Shutdown();
        _stream = null;
        _source = null;
        _unacked = null;
        _generation++;
    }

    private void OnStreamEnded(StreamEnded ended)
    {
        if (ended.Generation != _generation || _stream is null) return;
        StopReading();
        _log.Warning("webhooks: reading the journal stopped ({0}); starting again after offset {1}", ended.Cause?.Message ?? "completed", _read);
        Timers.StartSingleTimer(ReadFrom.Timer, new ReadFrom(_read), TimeSpan.FromSeconds(1));
    }

    private void OnEnvelope(EventEnvelope envelope)
    {
        if (_source is null || !Sender.Equals(_source)) return; // from a stream stopped since
        if (envelope is { Event: ISecretEvent e, Offset: Sequence offset } && offset.Value > _read)
        {
            Remember(e);
            if (SecretNotices.From(e) is { } notice)
                foreach (var hook in _state.Webhooks.Values.Where(h => h.Wants(notice.Kind, e.Path, offset.Value)))
                    Deliver(hook, notice, offset.Value);
            _read = offset.Value;
            _dirty = true;
        }
        if (_inFlight.Count < MaxPending) Sender.Tell(Ack.Instance);
        else _unacked = Sender;
    }

    private void Deliver(Webhook hook, SecretNotice notice, long offset)
    {
        var id = DeliveryRecord.IdFor(hook.Id, offset);
        if (_inFlight.ContainsKey(id) || _state.Recorded(id)) return;
        var fingerprint = notice.NewVersion is { } v && _fingerprints.TryGetValue((notice.Path.Value, v), out var f) ? f : null;
        var payload = WebhookPayload.From(notice, id, hook.Id, offset, fingerprint);
        var record = new DeliveryRecord(id, hook.Id, notice.Kind, notice.Path.Value, notice.RotationId, offset, 0, false, null, null, default, default);
        var waiting = _waiting.TryGetValue(hook.Id, out var queue) ? queue : _waiting[hook.Id] = new Queue<string>();
        if (waiting.Count >= _settings.MaxWaiting)
        {
            // A receiver this far behind is not keeping up at all: its backlog stays bounded, and what is dropped is on record.
            NotSent(record, $"{_settings.MaxWaiting} deliveries were already waiting for this receiver");
            return;
        }
        _inFlight[id] = new Pending(null, record, payload.ToUtf8());
        waiting.Enqueue(id);
        StartWaiting(hook.Id);
    }

    /// <summary>Starts the webhook's waiting deliveries, oldest first, while it has fewer than its limit being tried.</summary>
    private void StartWaiting(WebhookId webhook)
    {
        if (!_state.Webhooks.TryGetValue(webhook.Value, out var hook) || !_waiting.TryGetValue(webhook, out var waiting)) return;
        var running = _running.GetValueOrDefault(webhook);
        while (running < _settings.MaxInFlight && waiting.TryDequeue(out var id))
        {
            if (!_inFlight.TryGetValue(id, out var pending)) continue;
            string secret;
            try
            {
                secret = _cipher.Open(SealedUnder(hook.Id), SealedVersion, hook.SealedSecret).RevealPlaintext();
            }
            catch (Exception ex)
            {
                // The master key changed under the registry: nothing can be signed; record it instead of sending unsigned.
                _inFlight.Remove(id);
                NotSent(pending.Record, $"the webhook's secret cannot be opened ({ex.GetType().Name})");
                continue;
            }
            var client = hook.Url.StartsWith("https:", StringComparison.Ordinal) ? _http : _direct;
            _inFlight[id] = pending with { Delivery = Context.ActorOf(WebhookDelivery.Props(client, hook, secret, pending.Body, pending.Record, _settings, _clock)) };
            running++;
        }
        _running[webhook] = running;
    }

    private void Remember(ISecretEvent e)
    {
        var (version, fingerprint) = e switch
        {
            SecretWritten w => (w.Version.Number, w.Version.Fingerprint),
            StagedWritten s => (s.Version.Number, s.Version.Fingerprint),
            _ => (0, null),
        };
        if (fingerprint is null) return;
        if (_fingerprints.Count >= KeptFingerprints) _fingerprints.Clear();
        _fingerprints[(e.Path.Value, version)] = fingerprint;
    }

    /// <summary>A delivery that never made an attempt, recorded as failed with why.</summary>
    private void NotSent(DeliveryRecord record, string why)
    {
        var now = _clock.GetUtcNow();
        Record(record with { LastError = "not sent: " + why, FirstAttemptAt = now, EndedAt = now });
    }

    private void Record(DeliveryRecord record, bool quietly = false)
    {
        if (!record.Delivered && !quietly) _log.Warning("webhook {0}: delivery {1} ({2} of {3}) failed after {4} attempts: {5}", record.WebhookId, record.DeliveryId, record.Kind, record.Path, record.Attempts, record.LastError);
        // Not in the way of reading on: records are written as they come, in order, while the next events are read.
        PersistAsync(new WebhookDeliveryEnded(record), ended =>
        {
            _state = _state.Apply(ended);
            _dirty = true;
        });
        if (_unacked is { } stream && _inFlight.Count < MaxPending)
        {
            _unacked = null;
            stream.Tell(Ack.Instance);
        }
    }

    /// <summary>Every event up to here has all its deliveries started and ended, so a restart may read on after it.</summary>
    private long SafeOffset => _inFlight.Count == 0 ? _read : Math.Min(_read, _inFlight.Values.Min(f => f.Record.Offset) - 1);

    private void SaveIfChanged()
    {
        if (!_dirty) return;
        _dirty = false;
        SaveSnapshot(_state with { Offset = SafeOffset });
    }

    private sealed record Save : ILocalOnlyMessage
    {
        public static readonly Save Instance = new();
    }

    private sealed record Pending(IActorRef? Delivery, DeliveryRecord Record, byte[] Body);

    private sealed record Adding(AddWebhook Add, IActorRef ReplyTo, long? Offset) : ILocalOnlyMessage;

    private sealed record ReadFrom(long Offset) : ILocalOnlyMessage
    {
        public const string Timer = "read-again";
    }

    private sealed record StreamStarted(int Generation) : ILocalOnlyMessage;

    private sealed record Ack : ILocalOnlyMessage
    {
        public static readonly Ack Instance = new();
    }

    private sealed record StreamEnded(int Generation, Exception? Cause) : ILocalOnlyMessage;
}
