using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using HarombeActors.Actors.Consumers;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;

namespace HarombeActors.Actors.Secrets;

// Reads. None of them changes state; values leave only sealed-opened on a revealed read.
public sealed partial class SecretActor
{
    private void Answer(ISecretQuery query)
    {
        switch (query)
        {
            case GetSecret get:
                Sender.Tell(Read(get));
                break;
            case GetStatus:
                Sender.Tell(Status());
                break;
            case GetHistory:
                History(Sender);
                break;
            case GetConsumers:
                Consumers(Sender);
                break;
        }
        PassivateIfMissingLater();
    }

    private ISecretReply Read(GetSecret get)
    {
        if (!_state.Exists) return new CommandRejected(_state.Path.Value, new Rejection(RejectionCode.NotFound, $"secret {_state.Path} does not exist"));
        int? number = get.Selector.Kind switch
        {
            VersionSelectorKind.Current => _state.Current,
            VersionSelectorKind.Pending => _state.Pending,
            VersionSelectorKind.Previous => _state.Previous,
            VersionSelectorKind.Blue => _state.Blue,
            VersionSelectorKind.Green => _state.Green,
            _ => _state.Versions.ContainsKey(get.Selector.Number) ? get.Selector.Number : null,
        };
        if (number is not { } n)
            return new CommandRejected(_state.Path.Value, new Rejection(RejectionCode.NotFound, $"{_state.Path} has no {get.Selector} version"));
        var version = _state.Versions[n];
        var value = get.Reveal ? _cipher.Open(_state.Path, n, version.Sealed) : null;
        return new SecretRead(_state.Path, get.Selector.ToString(), n, version.Fingerprint, version.CreatedAt, value);
    }

    private SecretStatus Status()
    {
        var s = _state;
        var target = s.Rotation?.NewVersion ?? s.Current;
        var rotation = s.Rotation is { } r
            ? new RotationInfo(r.Id.Value, r.Strategy, r.Phase.Name(), r.Phase.Status(), r.StartedAt, r.OldVersion, r.NewVersion)
            : null;
        var versions = s.Versions.Values.Select(v => new VersionInfo(v.Number, v.Fingerprint, v.CreatedAt, Labels(s, v.Number))).ToList();
        return new SecretStatus(
            s.Path, s.Exists, s.Current, s.Pending, s.Previous, s.Active?.Name(), s.Blue, s.Green, s.DualMode, s.ValidVersions, s.PreferredVersion, rotation,
            new ConsumerCounts(s.Consumers.Count, s.Consumers.Values.Count(c => c.Version == target), s.Consumers.Keys.Count(_stale.Contains)),
            s.Rotation?.Policy ?? s.EffectivePolicy, s.Policy is null, s.LastResult, versions);
    }

    private static IReadOnlyList<string> Labels(SecretState s, int n)
    {
        var labels = new List<string>();
        if (s.Current == n) labels.Add("current");
        if (s.Pending == n) labels.Add("pending");
        if (s.Previous == n) labels.Add("previous");
        if (s.Retiring == n) labels.Add("retiring");
        if (s.Blue == n) labels.Add("blue");
        if (s.Green == n) labels.Add("green");
        return labels;
    }

    private void History(IActorRef replyTo)
    {
        var path = _state.Path;
        PersistenceQuery.Get(Context.System)
            .ReadJournalFor<ICurrentEventsByPersistenceIdQuery>(_settings.ReadJournalPluginId)
            .CurrentEventsByPersistenceId(PersistenceId, 0, long.MaxValue)
            .Select(env => env.Event is ISecretEvent e
                ? new HistoryEntry(env.SequenceNr, e.GetType().Name, e.At, EventSummaries.Describe(e))
                : new HistoryEntry(env.SequenceNr, env.Event.GetType().Name, DateTimeOffset.MinValue, "unknown event"))
            .RunWith(Sink.Seq<HistoryEntry>(), Context.Materializer())
            .PipeTo(replyTo,
                success: entries => new SecretHistory(path, entries),
                failure: ex => new CommandRejected(path.Value, new Rejection(RejectionCode.InvalidState, "history unavailable: " + ex.Message)));
    }

    private void Consumers(IActorRef replyTo)
    {
        if (_consumers.Count == 0)
        {
            replyTo.Tell(ConsumerListAggregator.Build(_state, _stale, new Dictionary<string, ConsumerDescription>()));
            return;
        }
        var aggregator = Context.ActorOf(ConsumerListAggregator.Props(_state, _stale.ToHashSet(), _consumers.Count, replyTo));
        foreach (var child in _consumers.Values) child.Tell(new DescribeConsumer(aggregator));
    }
}
