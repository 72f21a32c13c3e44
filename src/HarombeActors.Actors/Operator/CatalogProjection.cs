using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using HarombeActors.Actors.Secrets;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Projections;

namespace HarombeActors.Actors.Operator;

/// <summary>
/// Keeps the <see cref="SecretCatalog"/> (what `secret list` and `stats` answer) from the events tagged
/// <see cref="EventTags.All"/>, in journal order, and saves it with its offset as a snapshot, so a restart or a move
/// to another host resumes after the last event folded in. One per cluster (a singleton on the hosts). A question first
/// reads what was written since the last catch-up (only that, never every secret's log), so an answer includes every
/// change persisted before it was asked; a timer keeps the catalog and its snapshot close behind in between.
/// </summary>
public sealed class CatalogProjection : ReceivePersistentActor, IWithTimers
{
    public const string Name = "secret-catalog";
    private const string RefreshTimer = "refresh";
    /// <summary>Save the catalog once this many events were folded in since the last save (and on the refresh tick after any).</summary>
    private const int SnapshotEvery = 500;
    /// <summary>One catch-up folds at most this many events (then the next one starts at once), and gives up after <see cref="CatchUpTimeout"/>.</summary>
    private const int CatchUpBatch = 20_000;
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromMinutes(2);

    private readonly string _readJournalId;
    private readonly TimeSpan _refresh;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    /// <summary>Questions the running catch-up answers: they were asked before it started reading.</summary>
    private readonly List<(object Question, IActorRef Asker)> _waiting = [];
    /// <summary>Questions asked while a catch-up was already reading: it may have started before their writes, so they wait for the next one.</summary>
    private readonly List<(object Question, IActorRef Asker)> _next = [];
    private SecretCatalog _catalog = SecretCatalog.Empty;
    private bool _catchingUp;
    private long _savedOffset;

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId => "projection-" + Name;

    public CatalogProjection(string readJournalId, TimeSpan refresh)
    {
        _readJournalId = readJournalId;
        _refresh = refresh;
        Recover<SnapshotOffer>(offer =>
        {
            _catalog = (SecretCatalog)offer.Snapshot;
            _savedOffset = _catalog.Offset;
        });
        Recover<RecoveryCompleted>(_ =>
        {
            Timers.StartPeriodicTimer(RefreshTimer, Refresh.Instance, _refresh);
            CatchUp();
        });
        Command<Refresh>(_ => CatchUp());
        Command<CaughtUp>(OnCaughtUp);
        Command<CatchUpFailed>(f =>
        {
            _catchingUp = false;
            _log.Warning("the secret catalog could not read the journal: {0}", f.Cause.Message);
            // The questions are answered from what is known; the next question or tick tries again.
            _waiting.AddRange(_next);
            _next.Clear();
            AnswerWaiting();
        });
        Command<ListCatalog>(q => Ask(q));
        Command<GetCatalogStats>(q => Ask(q));
        // This actor persists no events, so every snapshot has sequence number 0 and replaces the one before in place:
        // there is never an older one to delete.
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(f => _log.Warning("saving the secret catalog failed: {0}", f.Cause.Message));
    }

    public static Props Props(string readJournalId, TimeSpan refresh) => Akka.Actor.Props.Create(() => new CatalogProjection(readJournalId, refresh));

    /// <summary>Asks the catalog (the cluster's singleton, through this node's proxy registered under <see cref="CatalogProjection"/>).</summary>
    public static async Task<T> AskAsync<T>(ActorSystem system, object question, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var catalog = await Akka.Hosting.ActorRegistry.For(system).GetAsync<CatalogProjection>(cancellationToken);
        return await catalog.Ask<T>(question, timeout, cancellationToken);
    }

    private void Ask(object question)
    {
        (_catchingUp ? _next : _waiting).Add((question, Sender));
        CatchUp();
    }

    /// <summary>Folds in what was written after the catalog's offset, off the mailbox; the catalog is immutable, so the fold reads a value nothing changes meanwhile.</summary>
    private void CatchUp()
    {
        if (_catchingUp) return;
        _catchingUp = true;
        var start = _catalog;
        PersistenceQuery.Get(Context.System).ReadJournalFor<ICurrentEventsByTagQuery>(_readJournalId)
            .CurrentEventsByTag(EventTags.All, Offset.Sequence(start.Offset))
            .Take(CatchUpBatch)
            .RunAggregate((Catalog: start, Count: 0), (folded, envelope) =>
                (envelope is { Event: ISecretEvent e, Offset: Sequence s } ? folded.Catalog.Apply(e, s.Value) : folded.Catalog, folded.Count + 1),
                Context.System.Materializer())
            .WaitAsync(CatchUpTimeout)
            .PipeTo(Self, success: folded => new CaughtUp(folded.Catalog, folded.Count == CatchUpBatch), failure: e => new CatchUpFailed(e));
    }

    private void OnCaughtUp(CaughtUp caught)
    {
        _catchingUp = false;
        _catalog = caught.Catalog;
        // More was written than one catch-up folds: the questions wait for the rest.
        if (caught.More)
        {
            if (_catalog.Offset - _savedOffset >= SnapshotEvery) Save();
            CatchUp();
            return;
        }
        var asked = _waiting.Count > 0 || _next.Count > 0;
        AnswerWaiting();
        if (_catalog.Offset - _savedOffset >= SnapshotEvery || (_catalog.Offset > _savedOffset && !asked)) Save();
        if (_next.Count == 0) return;
        _waiting.AddRange(_next);
        _next.Clear();
        CatchUp();
    }

    private void Save()
    {
        _savedOffset = _catalog.Offset;
        SaveSnapshot(_catalog);
    }

    private void AnswerWaiting()
    {
        foreach (var (question, asker) in _waiting) asker.Tell(Answer(question));
        _waiting.Clear();
    }

    private object Answer(object question) => question switch
    {
        ListCatalog list => Page(list),
        _ => new CatalogStats(_catalog.Secrets.Count, _catalog.Successful, _catalog.Failed, _catalog.Rollbacks, _catalog.NeedsAttention, _catalog.Offset),
    };

    private CatalogPage Page(ListCatalog list)
    {
        var limit = Math.Clamp(list.Limit, 1, ListCatalog.MaxLimit);
        var page = _catalog.Secrets.Values
            .Where(s => list.After is null || string.CompareOrdinal(s.Path, list.After) > 0)
            .Where(s => list.Prefix is null || s.Path.StartsWith(list.Prefix, StringComparison.Ordinal))
            .Where(s => !list.NeedsAttentionOnly || s.NeedsAttention)
            .Take(limit + 1)
            .ToList();
        return page.Count > limit ? new CatalogPage(page[..limit], page[limit - 1].Path) : new CatalogPage(page);
    }

    private sealed record Refresh : Contracts.Serialization.ILocalOnlyMessage
    {
        public static readonly Refresh Instance = new();
    }

    private sealed record CaughtUp(SecretCatalog Catalog, bool More) : Contracts.Serialization.ILocalOnlyMessage;

    private sealed record CatchUpFailed(Exception Cause) : Contracts.Serialization.ILocalOnlyMessage;
}
