using Akka.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Routing;

namespace HarombeActors.Actors.Hosting;

public static class HarombeClusterExtensions
{
    /// <summary>Membership from the host's options (see <see cref="HarombeMembership.WithHarombeMembership"/>).</summary>
    public static AkkaConfigurationBuilder WithHarombeCluster(this AkkaConfigurationBuilder builder, HarombeOptions options, string role) =>
        builder.WithHarombeMembership(options.Membership(), role);

    public static MembershipSettings Membership(this HarombeOptions options) =>
        new(options.ActorSystemName, options.Hostname, options.Port, options.Seeds, options.SplitBrainStableAfter) { PublicHostname = options.PublicHostname };
}
