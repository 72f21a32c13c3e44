using Akka.Cluster.Hosting;
using Akka.Hosting;

namespace HarombeActors.Routing;

/// <summary>Registry key for the "secret" shard region (or its proxy on client nodes).</summary>
public sealed class SecretRegion
{
    public const string TypeName = "secret";
    public const string HostRole = "host";
    public const string ClientRole = "client";
}

public static class SecretRegionProxyExtensions
{
    /// <summary>A proxy to the region for nodes that host no secrets (client nodes).</summary>
    public static AkkaConfigurationBuilder WithSecretRegionProxy(this AkkaConfigurationBuilder builder) =>
        builder.WithShardRegionProxy<SecretRegion>(SecretRegion.TypeName, SecretRegion.HostRole, new SecretMessageExtractor());
}
