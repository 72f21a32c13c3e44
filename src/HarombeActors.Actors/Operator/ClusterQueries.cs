using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace HarombeActors.Actors.Operator;

/// <summary>The cluster-wide verbs: membership and shard placement (listings and statistics: <see cref="CatalogProjection"/>).</summary>
public static class ClusterQueries
{
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
}
