using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
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
using HarombeActors.Domain.Targets;
using HarombeActors.Domain.Values;

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
            case GetValidValues:
                Sender.Tell(ValidValues());
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
        SecretValue? value = null;
        if (get.Reveal && !TryOpen(n, out value, out var undecryptable)) return undecryptable;
        return new SecretRead(_state.Path, get.Selector.ToString(), n, version.Fingerprint, version.CreatedAt, value);
    }

    /// <summary>What a consumer may use now: every valid version, revealed, and which one to present.</summary>
    private ISecretReply ValidValues()
    {
        if (_state.Current is not { } current || _state.PreferredVersion is not { } preferred)
            return new CommandRejected(_state.Path.Value, new Rejection(RejectionCode.NotFound, $"secret {_state.Path} does not exist"));
        var values = new List<ValidValue>();
        foreach (var n in _state.ValidVersions)
        {
            if (!TryOpen(n, out var value, out var undecryptable)) return undecryptable;
            values.Add(new ValidValue(n, _state.Versions[n].Fingerprint, value));
        }
        return new ValidValues(_state.Path, current, preferred, values);
    }

    /// <summary>
    /// Opens a stored value. A value that does not open (another master key, a tampered journal) is an answer that says
    /// so, never a crashed actor or a silent timeout; the log names the version, never any secret material.
    /// </summary>
    private bool TryOpen(int version, [NotNullWhen(true)] out SecretValue? value, [NotNullWhen(false)] out CommandRejected? rejection)
    {
        try
        {
            value = _cipher.Open(_state.Path, version, _state.Versions[version].Sealed);
            rejection = null;
            return true;
        }
        // A tampered record can also fail as a wrong-length nonce or tag (ArgumentException) or open to an empty value
        // (DomainValidationException, an ArgumentException): all of them are the same answer.
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            _log.Error("{0}: v{1} cannot be decrypted ({2}): the master key differs from the one it was sealed with, or the journal was altered", _state.Path, version, e.GetType().Name);
            value = null;
            rejection = new CommandRejected(_state.Path.Value, new Rejection(RejectionCode.InvalidState,
                $"v{version} of {_state.Path} cannot be decrypted with the configured master key (a different key, or altered data)"));
            return false;
        }
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
            s.EffectivePolicy, s.Policy is null, s.LastResult, versions,
            s.Target is { } t ? new ManagedInfo(t.Backend, t.Kind.Name(), t.Username, [.. s.Armed.Select(a => new ArmedLogin(a.Key, a.Value))], null, WaitingOnSessions()) : null,
            s.Due, s.Attention);
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
        var aggregator = Context.ActorOf(ConsumerListAggregator.Props(_state, _stale, _consumers.Count, replyTo));
        foreach (var child in _consumers.Values) child.Tell(new DescribeConsumer(aggregator));
    }
}
