using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Consumers;
using System.Diagnostics.Metrics;
using HarombeActors.Actors.Secrets;
using HarombeActors.Actors.Security;
using HarombeActors.Actors.Telemetry;
using HarombeActors.Actors.Verification;
using HarombeActors.Domain.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Actors.Hosting;

public static class HarombeServices
{
    /// <summary>
    /// Registers what the actors resolve from dependency injection: the cipher (master key loaded once), the
    /// verification registry (every <see cref="IVerificationTest"/> registered by the application) and settings.
    /// </summary>
    public static IServiceCollection AddHarombeServices(this IServiceCollection services, HarombeOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(sp => MasterKeyLoader.LoadWithSource(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger("HarombeActors.MasterKey")));
        services.AddSingleton<ISecretCipher>(sp => new AesGcmSecretCipher(sp.GetRequiredService<MasterKey>().Key));
        services.AddSingleton(sp => new VerificationRegistry(sp.GetServices<IVerificationTest>()));
        services.AddSingleton(sp => new HarombeMetrics(sp.GetService<IMeterFactory>()));
        services.AddSingleton(sp => ClusterCertificates.ForHost(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger("HarombeActors.ClusterTls")));
        services.AddSingleton(new SecretActorSettings
        {
            SnapshotEvery = options.SnapshotEvery,
            VerificationTimeout = options.VerificationTimeout,
            VersionChanges = new VersionChangeLimit(options.ConsumerVersionChangeBurst, options.ConsumerVersionChangeRefill),
        });
        return services;
    }
}
