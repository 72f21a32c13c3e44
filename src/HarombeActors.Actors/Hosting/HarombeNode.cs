using Akka.Cluster.Hosting;
using Akka.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Routing;
using HarombeActors.Actors.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HarombeActors.Actors.Hosting;

/// <summary>Composes a full host node: the one place the host executable, the benchmarks and the tests start from.</summary>
public static class HarombeNode
{
    public static HarombeOptions BindOptions(IConfiguration configuration) =>
        configuration.GetSection(HarombeOptions.Section).Get<HarombeOptions>() ?? new HarombeOptions();

    /// <summary>
    /// Registers the actor system of a host node: shared HOCON, cluster with the host role, persistence and the
    /// secret shard region. <paramref name="extra"/> lets tests add settings (for example serialize-messages).
    /// </summary>
    public static IServiceCollection AddHarombeHostNode(this IServiceCollection services, HarombeOptions options, Action<AkkaConfigurationBuilder>? extra = null)
    {
        SingleWriterGuard.CheckSeeds(options);
        services.AddHarombeServices(options);
        services.AddAkka(options.ActorSystemName, (akka, provider) =>
        {
            akka.ConfigureLoggers(loggers => loggers.AddLoggerFactory())
                .WithHarombeHocon()
                .WithHarombeCluster(options, provider.GetRequiredService<ClusterTls>(), SecretRegion.HostRole, joinAtStart: false)
                .WithHarombePersistence(options)
                .WithSecretActor()
                // Notices of what happens to secrets (SecretNotices) reach every host's event stream: started with the
                // node, so the first notice is not lost while the mediator learns of the others.
                .WithDistributedPubSub(SecretRegion.HostRole)
                .WithSecretCatalog()
                .WithWebhooks()
                .WithSingleWriterGuard(options);
            extra?.Invoke(akka);
        });
        // After the actor system (registered by AddAkka), before anything serves: a host with another key never starts,
        // and never joins: the node joins its seeds only once the key check has passed.
        services.AddHostedService<MasterKeyGuard>();
        services.AddHostedService(provider => new JoinAfterKeyCheck(provider.GetRequiredService<Akka.Actor.ActorSystem>(), options.Membership(provider.GetRequiredService<ClusterTls>())));
        services.AddHostedService<DataDirectoryCheck>();
        return services;
    }
}
