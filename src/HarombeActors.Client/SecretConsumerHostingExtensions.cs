using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Akka.Remote.Hosting;
using HarombeActors.Routing;

namespace HarombeActors.Client;

public static class SecretConsumerHostingExtensions
{
    /// <summary>
    /// Starts a consumer of one secret on this node, publishing into <paramref name="credentials"/>, which the
    /// application reads. It talks to the cluster through the region proxy on a client node (or the region on a
    /// host), or through <see cref="WithSecretGateway"/> in a process that is not a member.
    /// </summary>
    public static AkkaConfigurationBuilder WithSecretConsumer(this AkkaConfigurationBuilder builder, SecretConsumerOptions options, SecretCredentials credentials) =>
        builder.WithActors((system, registry) =>
        {
            var way = registry.TryGet<SecretGateway>(out var gateway) ? gateway : registry.Get<SecretRegion>();
            system.ActorOf(SecretConsumerActor.Props(way, options, credentials),
                "consumer-" + Uri.EscapeDataString(options.ConsumerId.Value) + "-" + Math.Abs(options.Path.Value.GetHashCode()).ToString());
        });

    /// <summary>
    /// Makes this process a consumer that is not a cluster member: remoting on the given address, a ClusterClient to
    /// the hosts' receptionists, and the <see cref="SecretGateway"/> that consumers on this node send through.
    /// </summary>
    public static AkkaConfigurationBuilder WithSecretGateway(this AkkaConfigurationBuilder builder, SecretGatewayOptions options) =>
        builder
            .WithHarombeHocon()
            .AddHocon("akka.actor.provider = remote", HoconAddMode.Prepend)
            // The client's Send envelope is a pub-sub message: without Akka.Cluster.Tools' serializers it would fall
            // back to JSON and the payload would not survive the trip.
            .AddHocon(ClusterClientReceptionist.DefaultConfig(), HoconAddMode.Append)
            .AddHocon(DistributedPubSub.DefaultConfig(), HoconAddMode.Append)
            .WithRemoting(options.Hostname, options.Port)
            .WithActors((system, registry) =>
            {
                var contacts = options.Contacts
                    .Select(c => ActorPath.Parse($"akka.tcp://{options.SystemName}@{c}/system/receptionist"))
                    .ToImmutableHashSet();
                var client = system.ActorOf(ClusterClient.Props(ClusterClientSettings.Create(system).WithInitialContacts(contacts)), "cluster-client");
                registry.Register<SecretGateway>(system.ActorOf(SecretGateway.Props(client, options.Token), "secret-gateway"));
            });
}
