using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;

namespace HarombeActors.Actors.Secrets;

// Who waits for a rotation: waiters (an Ask for the final result only) and watchers (the front door's streams:
// progress after every change, then the final result). Neither survives a restart of this actor, so watchers repeat
// WatchRotation, and an ended rotation's result is read back from the state or the journal: a caller never loses it.
public sealed partial class SecretActor
{
    private readonly Dictionary<RotationId, List<IActorRef>> _waiters = [];
    private readonly Dictionary<RotationId, HashSet<IActorRef>> _watchers = [];
    private RotationProgress? _lastProgress;

    private void AwaitResult(RotationId id, IActorRef waiter)
    {
        if (!_waiters.TryGetValue(id, out var list)) _waiters[id] = list = [];
        list.Add(waiter);
    }

    private void OnWatchRotation(WatchRotation watch)
    {
        if (watch.Watcher is null) return;
        if (_state.Rotation is { } r && r.Id == watch.RotationId)
        {
            if (!_watchers.TryGetValue(r.Id, out var set)) _watchers[r.Id] = set = [];
            if (set.Add(watch.Watcher)) Context.Watch(watch.Watcher);
            watch.Watcher.Tell(Progress(r));
            return;
        }
        if (_state.LastResult is { } last && last.RotationId == watch.RotationId.Value)
        {
            watch.Watcher.Tell(new RotationOutcome(last));
            return;
        }
        RecordedResult(watch.RotationId, watch.Watcher);
        PassivateIfMissingLater();
    }

    /// <summary>An older rotation: its terminal event is in the journal (or it never existed here).</summary>
    private void RecordedResult(RotationId id, IActorRef watcher)
    {
        var path = _state.Path;
        PersistenceQuery.Get(Context.System)
            .ReadJournalFor<ICurrentEventsByPersistenceIdQuery>(_settings.ReadJournalPluginId)
            .CurrentEventsByPersistenceId(PersistenceId, 0, long.MaxValue)
            .Select(env => env.Event switch
            {
                RotationCompleted c when c.RotationId == id => c.Result,
                RotationFailed f when f.RotationId == id => f.Result,
                _ => null,
            })
            .Where(result => result is not null)
            .RunWith(Sink.FirstOrDefault<RotationResult?>(), Context.System.Materializer())
            .PipeTo(watcher,
                success: result => result is null
                    ? new CommandRejected(path.Value, new Rejection(RejectionCode.NotFound, $"{path} has no rotation {id}"))
                    : new RotationOutcome(result),
                failure: ex => new CommandRejected(path.Value, new Rejection(RejectionCode.InvalidState, $"the history of {path} could not be read: {ex.GetType().Name}")));
    }

    private void RotationEnded(RotationId id, RotationOutcome outcome)
    {
        if (_waiters.Remove(id, out var waiting))
        {
            foreach (var waiter in waiting) waiter.Tell(outcome);
        }
        if (_watchers.Remove(id, out var watching))
        {
            foreach (var watcher in watching)
            {
                Context.Unwatch(watcher);
                watcher.Tell(outcome);
            }
        }
        _lastProgress = null;
    }

    /// <summary>Tells the watchers of the running rotation where it stands, when that changed.</summary>
    private void PushProgress()
    {
        if (_state.Rotation is not { } r || !_watchers.TryGetValue(r.Id, out var watching) || watching.Count == 0) return;
        var progress = Progress(r);
        if (progress == _lastProgress) return;
        _lastProgress = progress;
        foreach (var watcher in watching) watcher.Tell(progress);
    }

    private RotationProgress Progress(InFlightRotation r)
    {
        var target = r.NewVersion ?? _state.Current;
        return new RotationProgress(r.Id.Value, r.Phase.Name(), _state.Consumers.Values.Count(c => c.Version == target), _state.Consumers.Count,
            _state.Consumers.Keys.Count(_stale.Contains));
    }

    private void ForgetWatcher(IActorRef watcher)
    {
        foreach (var set in _watchers.Values) set.Remove(watcher);
    }
}
