using Akka.Actor;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.State;

namespace HarombeActors.Actors.Consumers;

/// <summary>
/// Gathers every ConsumerActor's description for one "consumers" query, then answers and stops. The state is the
/// parent's at query time (immutable), so the answer is consistent even while heartbeats keep arriving.
/// </summary>
public sealed class ConsumerListAggregator : ReceiveActor
{
    private readonly Dictionary<string, ConsumerDescription> _received = new(StringComparer.Ordinal);

    public ConsumerListAggregator(SecretState state, IReadOnlySet<string> stale, int expected, IActorRef replyTo)
    {
        Context.SetReceiveTimeout(TimeSpan.FromSeconds(3));
        Receive<ConsumerDescription>(d =>
        {
            _received[d.ConsumerId.Value] = d;
            if (_received.Count < expected) return;
            replyTo.Tell(Build(state, stale, _received));
            Context.Stop(Self);
        });
        Receive<ReceiveTimeout>(_ =>
        {
            replyTo.Tell(Build(state, stale, _received));
            Context.Stop(Self);
        });
    }

    public static Props Props(SecretState state, IReadOnlySet<string> stale, int expected, IActorRef replyTo) =>
        Akka.Actor.Props.Create(() => new ConsumerListAggregator(state, stale, expected, replyTo));

    public static ConsumerList Build(SecretState state, IReadOnlySet<string> stale, IReadOnlyDictionary<string, ConsumerDescription> described)
    {
        var items = state.Consumers.Values.Select(c =>
        {
            var d = described.GetValueOrDefault(c.Id.Value);
            var isStale = d?.Stale ?? stale.Contains(c.Id.Value);
            return new ConsumerInfo(c.Id.Value, c.Version, d?.LastHeartbeat, SecretDecider.StatusOf(state, c, isStale), c.Role, c.Registrant);
        }).ToList();
        return new ConsumerList(state.Path, state.Rotation?.NewVersion ?? state.Current, items);
    }
}
