using Akka.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Routing;

namespace HarombeActors.Actors.Hosting;

public static class HarombeClusterExtensions
{
    /// <summary>Membership from the host's options (see <see cref="HarombeMembership.WithHarombeMembership"/>).</summary>
    public static AkkaConfigurationBuilder WithHarombeCluster(this AkkaConfigurationBuilder builder, HarombeOptions options, ClusterTls tls, string role, bool joinAtStart = true) =>
        builder.WithHarombeMembership(options.Membership(tls), role, joinAtStart);

    public static MembershipSettings Membership(this HarombeOptions options, ClusterTls tls) =>
        new(options.ActorSystemName, options.Hostname, options.Port, options.Seeds, options.SplitBrainStableAfter, tls) { PublicHostname = options.PublicHostname };
}
