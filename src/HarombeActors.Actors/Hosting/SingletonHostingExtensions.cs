using Akka.Cluster.Hosting;
using Akka.Hosting;
using HarombeActors.Actors.Operator;
using HarombeActors.Actors.Secrets;
using HarombeActors.Actors.Webhooks;
using HarombeActors.Domain.Security;
using HarombeActors.Routing;

namespace HarombeActors.Actors.Hosting;

public static class SingletonHostingExtensions
{
    /// <summary>
    /// The secret catalog (list, stats): one per cluster, a singleton on the hosts, with a proxy on each host that the
    /// front door asks (registered under <see cref="CatalogProjection"/>).
    /// </summary>
    public static AkkaConfigurationBuilder WithSecretCatalog(this AkkaConfigurationBuilder builder) =>
        builder.WithSingleton<CatalogProjection>(CatalogProjection.Name, (_, _, resolver) =>
        {
            var settings = resolver.GetService<SecretActorSettings>();
            return CatalogProjection.Props(settings.ReadJournalPluginId, settings.CatalogRefresh);
        }, new ClusterSingletonOptions { Role = SecretRegion.HostRole }, createProxyToo: true);

    /// <summary>
    /// The webhook registry (webhooks and their deliveries): one per cluster, a singleton on the hosts, with a proxy on
    /// each host that the front door asks (registered under <see cref="WebhookRegistry"/>).
    /// </summary>
    public static AkkaConfigurationBuilder WithWebhooks(this AkkaConfigurationBuilder builder) =>
        builder.WithSingleton<WebhookRegistry>(WebhookRegistry.Name, (_, _, resolver) =>
        {
            var settings = resolver.GetService<SecretActorSettings>();
            return WebhookRegistry.Props(settings.ReadJournalPluginId, resolver.GetService<WebhookSettings>(), resolver.GetService<ISecretCipher>(), resolver.GetService<TimeProvider>());
        }, new ClusterSingletonOptions { Role = SecretRegion.HostRole }, createProxyToo: true);
}
