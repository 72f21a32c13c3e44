using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Contracts.Serialization;
using HarombeActors.Routing;

namespace HarombeActors.Actors.Hosting;

public static class HarombeClusterExtensions
{
    /// <summary>The shared akka.hocon (embedded in this assembly), with the highest precedence.</summary>
    public static AkkaConfigurationBuilder WithHarombeHocon(this AkkaConfigurationBuilder builder) =>
        builder.AddHocon(HarombeHocon.Text, HoconAddMode.Prepend);

    /// <summary>Remoting on hostname:port and cluster membership; with no seeds the node seeds itself.</summary>
    public static AkkaConfigurationBuilder WithHarombeCluster(this AkkaConfigurationBuilder builder, HarombeOptions options, params string[] roles)
    {
        var publicHostname = options.PublicHostname ?? options.Hostname;
        var seeds = options.Seeds.Count == 0 ? [$"{publicHostname}:{options.Port}"] : options.Seeds;
        return builder
            .WithRemoting(options.Hostname, options.Port, publicHostname)
            .WithClustering(new ClusterOptions
            {
                Roles = roles,
                SeedNodes = seeds.Select(s => SeedAddress(options.ActorSystemName, s)).ToArray(),
                SplitBrainResolver = new KeepMajorityOption { Role = SecretRegion.HostRole },
            })
            .AddHocon($"akka.cluster.split-brain-resolver.stable-after = {(int)options.SplitBrainStableAfter.TotalMilliseconds}ms", HoconAddMode.Prepend);
    }

    /// <summary>"host:port" becomes akka.tcp://system@host:port; a full address is kept as it is.</summary>
    public static string SeedAddress(string systemName, string seed) =>
        seed.Contains("://", StringComparison.Ordinal) ? seed : $"akka.tcp://{systemName}@{seed}";
}
