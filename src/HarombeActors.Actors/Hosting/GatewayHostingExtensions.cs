using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Cluster.Hosting;
using Akka.Cluster.Tools.Client;
using Akka.Hosting;
using HarombeActors.Actors.Access;
using HarombeActors.Actors.Consumers;
using HarombeActors.Actors.Operator;
using HarombeActors.Actors.Secrets;
using HarombeActors.Contracts.Messages;
using HarombeActors.Contracts.Operator;
using HarombeActors.Routing;

namespace HarombeActors.Actors.Hosting;

/// <summary>The doors for processes outside the cluster, each registered with the ClusterClientReceptionist.</summary>
public static class GatewayHostingExtensions
{
    /// <summary>The operator gateway (the CLI's way in).</summary>
    private static AkkaConfigurationBuilder WithOperatorGateway(this AkkaConfigurationBuilder builder) =>
        builder.WithGateway<OperatorGateway>(OperatorGatewayPath.Name, (registry, resolver) =>
            OperatorGateway.Props(registry.Get<SecretRegion>(), resolver.GetService<OperatorAuthenticator>(), resolver.GetService<SecretActorSettings>()));

    /// <summary>The consumer gateway (the way in for consumers that are not cluster members).</summary>
    private static AkkaConfigurationBuilder WithConsumerGateway(this AkkaConfigurationBuilder builder) =>
        builder.WithGateway<ConsumerGateway>(ConsumerGatewayPath.Name, (registry, resolver) =>
            ConsumerGateway.Props(registry.Get<SecretRegion>(), resolver.GetService<ConsumerAuthenticator>()));

    /// <summary>The receptionist the gateways register with (once: a second call would configure it twice).</summary>
    public static AkkaConfigurationBuilder WithGateways(this AkkaConfigurationBuilder builder) =>
        builder.WithClusterClientReceptionist().WithOperatorGateway().WithConsumerGateway();

    private static AkkaConfigurationBuilder WithGateway<TKey>(this AkkaConfigurationBuilder builder, string name, Func<IActorRegistry, IDependencyResolver, Props> props) =>
        builder
            .WithActors((system, registry, resolver) =>
            {
                var gateway = system.ActorOf(props(registry, resolver), name);
                ClusterClientReceptionist.Get(system).RegisterService(gateway);
                registry.Register<TKey>(gateway);
            });
}
