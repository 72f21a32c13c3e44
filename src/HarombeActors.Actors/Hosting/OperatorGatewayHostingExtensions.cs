using Akka.Cluster.Hosting;
using Akka.Cluster.Tools.Client;
using Akka.Hosting;
using HarombeActors.Routing;
using HarombeActors.Actors.Operator;
using HarombeActors.Actors.Secrets;
using HarombeActors.Contracts.Operator;

namespace HarombeActors.Actors.Hosting;

public static class OperatorGatewayHostingExtensions
{
    /// <summary>Starts the operator gateway on this host and registers it with the ClusterClientReceptionist.</summary>
    public static AkkaConfigurationBuilder WithOperatorGateway(this AkkaConfigurationBuilder builder) =>
        builder
            .WithClusterClientReceptionist()
            .WithActors((system, registry, resolver) =>
            {
                var gateway = system.ActorOf(OperatorGateway.Props(
                    registry.Get<SecretRegion>(), resolver.GetService<OperatorAuthenticator>(), resolver.GetService<SecretActorSettings>()),
                    OperatorGatewayPath.Name);
                ClusterClientReceptionist.Get(system).RegisterService(gateway);
                registry.Register<OperatorGateway>(gateway);
            });
}
