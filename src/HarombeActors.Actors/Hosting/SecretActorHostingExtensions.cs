using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using HarombeActors.Actors.Secrets;
using HarombeActors.Actors.Targets;
using HarombeActors.Actors.Telemetry;
using HarombeActors.Routing;
using HarombeActors.Actors.Verification;
using HarombeActors.Domain.Security;
using Microsoft.Extensions.DependencyInjection;

namespace HarombeActors.Actors.Hosting;

public static class SecretActorHostingExtensions
{
    /// <summary>
    /// Hosts the "secret" shard region on nodes with the host role. Remembered entities are event-sourced in the
    /// sharding journal, so an entity with an in-flight rotation is restarted after a crash without any message.
    /// These options are the only place the region's settings are stated (no HOCON sharding section). The coordinator's
    /// state and the remembered entities live in the sharding journal rather than in DData's LightningDB durable store:
    /// with remember-entities that store failed here with "Method not found" and the coordinator never started.
    /// </summary>
    public static AkkaConfigurationBuilder WithSecretActor(this AkkaConfigurationBuilder builder) =>
        builder.WithShardRegion<SecretRegion>(SecretRegion.TypeName, (_, _, resolver) =>
        {
            var cipher = resolver.GetService<ISecretCipher>();
            var registry = resolver.GetService<VerificationRegistry>();
            var settings = resolver.GetService<SecretActorSettings>();
            var metrics = resolver.GetService<HarombeMetrics>();
            var time = resolver.GetService<TimeProvider>();
            var backends = resolver.GetService<CredentialBackends>();
            return entityId => SecretActor.Props(entityId, cipher, registry, settings, metrics, time.GetUtcNow, backends);
        }, new SecretMessageExtractor(), new ShardOptions
        {
            Role = SecretRegion.HostRole,
            RememberEntities = true,
            RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
            StateStoreMode = StateStoreMode.Persistence,
            JournalPluginId = HarombePersistence.ShardingJournalPluginId,
            SnapshotPluginId = HarombePersistence.ShardingSnapshotPluginId,
        });
}
