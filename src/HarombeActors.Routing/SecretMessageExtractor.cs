using Akka.Cluster.Sharding;
using HarombeActors.Domain.Commands;

namespace HarombeActors.Routing;

/// <summary>
/// Routes every <see cref="ISecretMessage"/> to the entity named by its path. The shard count is fixed for the
/// life of the cluster (changing it would move entities between shards): 100, about ten per node for ten nodes.
/// </summary>
public sealed class SecretMessageExtractor() : HashCodeMessageExtractor(ShardCount)
{
    public const int ShardCount = 100;

    public override string? EntityId(object message) => message switch
    {
        ISecretMessage m => m.Path.Value,
        _ => null,
    };
}
