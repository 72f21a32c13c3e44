using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using HarombeActors.Actors.Secrets;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Rotation;

namespace HarombeActors.Actors.Operator;

/// <summary>The cluster-wide verbs: membership, shard placement, and statistics and listings read from the journal.</summary>
public static class ClusterQueries
{
    private const string SecretPrefix = "secret-";

    public static ClusterView Show(ActorSystem system)
    {
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        return new ClusterView(
            cluster.SelfAddress.ToString(),
            state.Leader?.ToString(),
            state.Members.Select(m => new MemberView(m.Address.ToString(), m.Status.ToString(), m.Roles.Order().ToList())).ToList(),
            state.Unreachable.Select(m => m.Address.ToString()).ToList());
    }

    public static async Task<ShardsView> ShardsAsync(IActorRef region, string typeName)
    {
        var stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(8));
        return new ShardsView(typeName, stats.Regions
            .Select(r => new RegionView(r.Key.ToString(), r.Value.Stats.OrderBy(s => s.Key).Select(s => new ShardView(s.Key, s.Value)).ToList()))
            .OrderBy(r => r.Address)
            .ToList());
    }

    public static async Task<SecretListView> ListAsync(ActorSystem system, string readJournalId, string? prefix)
    {
        var paths = await PersistenceIds(system, readJournalId)
            .Select(id => id[SecretPrefix.Length..])
            .Where(path => prefix is null || path.StartsWith(prefix, StringComparison.Ordinal))
            .RunWith(Sink.Seq<string>(), system.Materializer());
        return new SecretListView(paths.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>Counts from the event logs, so the numbers survive restarts: every terminal rotation event and every rollback.</summary>
    public static async Task<StatsView> StatsAsync(ActorSystem system, string readJournalId)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<ICurrentEventsByPersistenceIdQuery>(readJournalId);
        var materializer = system.Materializer();
        var ids = await PersistenceIds(system, readJournalId).RunWith(Sink.Seq<string>(), materializer);
        int successful = 0, failed = 0, rollbacks = 0;
        foreach (var id in ids)
        {
            var events = await journal.CurrentEventsByPersistenceId(id, 0, long.MaxValue).Select(e => e.Event).RunWith(Sink.Seq<object>(), materializer);
            foreach (var e in events)
            {
                switch (e)
                {
                    case RotationCompleted: successful++; break;
                    case RotationFailed: failed++; break;
                    case RolledBack: rollbacks++; break;
                }
            }
        }
        var total = successful + failed;
        return new StatsView(ids.Count, total, successful, failed, rollbacks, total == 0 ? 0 : (double)successful / total);
    }

    private static Source<string, Akka.NotUsed> PersistenceIds(ActorSystem system, string readJournalId) =>
        PersistenceQuery.Get(system).ReadJournalFor<ICurrentPersistenceIdsQuery>(readJournalId)
            .CurrentPersistenceIds()
            .Where(id => id.StartsWith(SecretPrefix, StringComparison.Ordinal));
}
