using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using HarombeActors.Contracts.Serialization;

namespace HarombeActors.Routing;

/// <summary>Where a node listens, whom it joins and how it proves it belongs: the parts of membership hosts and client nodes share.</summary>
public sealed record MembershipSettings(string SystemName, string Hostname, int Port, IReadOnlyList<string> Seeds, TimeSpan SplitBrainStableAfter, ClusterTls Tls)
{
    /// <summary>The name other nodes reach this one by, when binding to 0.0.0.0 (containers). Defaults to the hostname.</summary>
    public string? PublicHostname { get; init; }
}

public static class HarombeMembership
{
    /// <summary>The shared akka.hocon (serializers, remoting frame size, what no Akka.Hosting option expresses), with the highest precedence.</summary>
    public static AkkaConfigurationBuilder WithHarombeHocon(this AkkaConfigurationBuilder builder) =>
        builder.AddHocon(HarombeHocon.Text, HoconAddMode.Prepend);

    /// <summary>
    /// Remoting on hostname:port with mutual TLS (always: a member must present a certificate from the cluster's CA,
    /// and only such members are let in) and cluster membership with <paramref name="role"/>; with no seeds the node
    /// seeds itself. Every member runs the same split-brain resolver (keep the majority of hosts), so client nodes and
    /// hosts never disagree about whom to down.
    /// </summary>
    /// <remarks>
    /// With <paramref name="joinAtStart"/> false the node starts without joining: a host first checks that its master
    /// key matches the journal and only then joins (<see cref="JoinSeeds"/>), so a host with another key is never a
    /// member that shards could be handed to.
    /// </remarks>
    public static AkkaConfigurationBuilder WithHarombeMembership(this AkkaConfigurationBuilder builder, MembershipSettings settings, string role, bool joinAtStart = true) =>
        builder
            .WithRemoting(new RemoteOptions
            {
                HostName = settings.Hostname, Port = settings.Port, PublicHostName = settings.PublicHostname ?? settings.Hostname,
                EnableSsl = true,
                Ssl = new SslOptions
                {
                    // The certificate as an object: given as file options, Akka.Remote.Hosting would drop the validator.
                    X509Certificate = settings.Tls.Certificate,
                    RequireMutualAuthentication = true,
                    // Members are reached by address; what matters is the chain to the cluster CA, checked by the validator.
                    ValidateCertificateHostname = false,
                    CustomValidator = settings.Tls.Validator,
                },
            })
            .WithClustering(new ClusterOptions
            {
                Roles = [role],
                SeedNodes = joinAtStart ? SeedAddresses(settings) : [],
                SplitBrainResolver = new KeepMajorityOption { Role = SecretRegion.HostRole },
            })
            .AddHocon($"akka.cluster.split-brain-resolver.stable-after = {(int)settings.SplitBrainStableAfter.TotalMilliseconds}ms", HoconAddMode.Prepend);

    /// <summary>A client node: the shared HOCON, membership with the "client" role, and a proxy to the secret region.</summary>
    public static AkkaConfigurationBuilder WithHarombeClientNode(this AkkaConfigurationBuilder builder, MembershipSettings settings) =>
        builder.WithHarombeHocon().WithHarombeMembership(settings, SecretRegion.ClientRole).WithSecretRegionProxy();

    /// <summary>Whom the node joins: the configured seeds, or itself when there are none.</summary>
    public static string[] SeedAddresses(MembershipSettings settings)
    {
        var seeds = settings.Seeds.Count == 0 ? [$"{settings.PublicHostname ?? settings.Hostname}:{settings.Port}"] : settings.Seeds;
        return [.. seeds.Select(s => SeedAddress(settings.SystemName, s))];
    }

    /// <summary>Joins the seeds of a node started without joining.</summary>
    public static void JoinSeeds(Akka.Actor.ActorSystem system, MembershipSettings settings) =>
        Akka.Cluster.Cluster.Get(system).JoinSeedNodes(SeedAddresses(settings).Select(Akka.Actor.Address.Parse));

    /// <summary>"host:port" becomes akka.ssl.tcp://system@host:port (remoting is always TLS); a full address is kept as it is.</summary>
    public static string SeedAddress(string systemName, string seed) =>
        seed.Contains("://", StringComparison.Ordinal) ? seed : $"akka.ssl.tcp://{systemName}@{seed}";
}
