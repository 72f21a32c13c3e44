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
