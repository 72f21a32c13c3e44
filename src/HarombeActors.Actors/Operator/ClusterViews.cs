namespace HarombeActors.Actors.Operator;

// What the cluster-wide queries answer (read on the host that serves the call; never sent over remoting).

public sealed record MemberView(string Address, string Status, IReadOnlyList<string> Roles);

public sealed record ClusterView(string SelfAddress, string? Leader, IReadOnlyList<MemberView> Members, IReadOnlyList<string> Unreachable);

public sealed record ShardView(string ShardId, int Entities);

public sealed record RegionView(string Address, IReadOnlyList<ShardView> Shards)
{
    public int Entities => Shards.Sum(s => s.Entities);
}

public sealed record ShardsView(string TypeName, IReadOnlyList<RegionView> Regions);

/// <summary>Cluster-wide rotation statistics, computed from the event logs (they survive restarts).</summary>
public sealed record StatsView(int Secrets, int Total, int Successful, int Failed, int Rollbacks, double SuccessRate);

public sealed record SecretListView(IReadOnlyList<string> Paths);
