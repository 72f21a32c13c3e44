using Akka.Hosting;
using HarombeActors.Routing;

namespace HarombeActors.Client;

public static class SecretConsumerHostingExtensions
{
    /// <summary>
    /// Starts a consumer of one secret on this node (a client node, or a host), publishing into
    /// <paramref name="credentials"/>, which the application reads. It talks to the secret through the region (proxy):
    /// heartbeats as actor messages, notices pushed back to it. Processes that are not members use the front door
    /// instead (<see cref="HarombeConsumerServices.AddHarombeConsumers(Microsoft.Extensions.DependencyInjection.IServiceCollection, HarombeConsumerOptions)"/> with Contacts).
    /// </summary>
    public static AkkaConfigurationBuilder WithSecretConsumer(this AkkaConfigurationBuilder builder, SecretConsumerOptions options, SecretCredentials credentials) =>
        builder.WithActors((system, registry) =>
            system.ActorOf(SecretConsumerActor.Props(registry.Get<SecretRegion>(), options, credentials),
                "consumer-" + Uri.EscapeDataString(options.ConsumerId.Value) + "-" + Math.Abs(options.Path.Value.GetHashCode()).ToString()));
}
