using HarombeActors.Actors.Configuration;
using System.Diagnostics.Metrics;
using HarombeActors.Actors.Secrets;
using HarombeActors.Actors.Security;
using HarombeActors.Actors.Targets;
using HarombeActors.Actors.Telemetry;
using HarombeActors.Actors.Verification;
using HarombeActors.Domain.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Actors.Hosting;

public static class HarombeServices
{
    /// <summary>
    /// Registers what the actors resolve from dependency injection: the cipher (master key loaded once), the
    /// verification registry (every <see cref="IVerificationTest"/> registered by the application), settings, and the
    /// clock the secrets read. A cipher, a <see cref="TimeProvider"/> or <see cref="SecretActorSettings"/> registered
    /// before this call win: an application may bring its own cipher, and tests bring a clock they move (to drive
    /// staleness and deadlines instead of waiting for them), a cipher that fails on demand, and settings with a small
    /// consumer cap and a short passivation.
    /// </summary>
    public static IServiceCollection AddHarombeServices(this IServiceCollection services, HarombeOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => MasterKeyLoader.LoadWithSource(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger("HarombeActors.MasterKey")));
        services.TryAddSingleton<ISecretCipher>(sp => new AesGcmSecretCipher(sp.GetRequiredService<MasterKey>().Key));
        services.TryAddSingleton(sp => new CredentialBackends(sp.GetServices<ICredentialBackend>()));
        // Every backend brings its login test, which every rotation of a secret it manages runs.
        services.AddSingleton(sp => new VerificationRegistry(sp.GetServices<IVerificationTest>()
            .Concat(sp.GetRequiredService<CredentialBackends>().All.Select(b => new BackendLoginTest(b)))));
        services.AddSingleton(sp => new HarombeMetrics(sp.GetService<IMeterFactory>()));
        services.AddSingleton(sp => ClusterCertificates.ForHost(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger("HarombeActors.ClusterTls")));
        services.TryAddSingleton(SecretActorSettings.From(options));
        services.TryAddSingleton(Webhooks.WebhookSettings.From(options.Webhooks));
        return services;
    }
}
