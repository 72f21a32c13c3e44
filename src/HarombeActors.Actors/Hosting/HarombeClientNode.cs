using Akka.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Security;
using HarombeActors.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HarombeActors.Actors.Hosting;

public static class HarombeClientNode
{
    /// <summary>
    /// A client node: a cluster member with the "client" role and a proxy to the secret region. It hosts no secrets and
    /// needs no persistence; consumers on it send heartbeats and reads through the proxy. It must present a certificate
    /// from the cluster's CA (<see cref="HarombeOptions.Cluster"/>), issued with `harombe-host certs issue`.
    /// </summary>
    public static IServiceCollection AddHarombeClientNode(this IServiceCollection services, HarombeOptions options, Action<AkkaConfigurationBuilder>? extra = null)
    {
        var tls = ClusterCertificates.Configured(options.Cluster, "Harombe:Cluster");
        return services.AddAkka(options.ActorSystemName, akka =>
        {
            akka.ConfigureLoggers(loggers => loggers.AddLoggerFactory())
                .WithHarombeClientNode(options.Membership(tls));
            extra?.Invoke(akka);
        });
    }
}
