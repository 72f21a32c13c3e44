using System.Text.Json;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Backends;
using HarombeActors.Actors.Secrets;
using HarombeActors.Actors.Telemetry;
using HarombeActors.Api.Access;
using HarombeActors.Api.Dashboard;
using HarombeActors.Api.Health;
using HarombeActors.Api.Http;
using HarombeActors.Api.Services;
using HarombeActors.Api.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace HarombeActors.Api.Hosting;

public static class HarombeApiHosting
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    /// <summary>
    /// A full host: the actor system (cluster, persistence, the secret region, health checks) and the front door on
    /// Kestrel. The endpoint is checked first, so a host that would listen in plaintext beyond loopback never starts.
    /// </summary>
    public static WebApplicationBuilder AddHarombeHost(this WebApplicationBuilder builder, HarombeOptions options, Action<AkkaConfigurationBuilder>? extra = null)
    {
        var endpoint = ApiEndpoint.From(options.Api);
        builder.Services.AddCredentialBackends(options);
        builder.Services.AddHarombeHostNode(options, akka =>
        {
            akka.WithHarombeHealthChecks();
            extra?.Invoke(akka);
        });
        builder.Services.AddSingleton(endpoint);
        builder.Services.AddSingleton(sp => TokenAuthenticator.Load(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger("HarombeActors.Tokens")));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new ApiMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        builder.Services.AddSingleton<RefusalLog>();
        builder.Services.AddSingleton<SecretGateway>();
        builder.Services.AddSingleton<Streams.LiveStreamLimit>();
        builder.Services
            .AddGrpc(grpc =>
            {
                grpc.Interceptors.Add<AuthInterceptor>();
                grpc.MaxReceiveMessageSize = options.Api.MaxRequestBytes;
                grpc.EnableDetailedErrors = false;
            })
            // The error details (google.rpc.ErrorInfo: the contract's code and the field) are written into JSON errors too.
            .AddJsonTranscoding(json => json.TypeRegistry = Google.Protobuf.Reflection.TypeRegistry.FromMessages(Google.Rpc.ErrorInfo.Descriptor));
        builder.Services.AddHealthChecks();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(HarombeMetrics.MeterName, ApiMetrics.MeterName)
            // Every scrape reads the counters afresh (the exporter would otherwise serve the same text for 300 ms).
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        builder.WebHost.UseUrls();
        builder.WebHost.ConfigureKestrel(kestrel => endpoint.Configure(kestrel, options.Api.MaxRequestBytes));
        return builder;
    }

    /// <summary>Liveness (the actor system runs) and readiness (member Up, region and coordinator, journal write and read).</summary>
    public static AkkaConfigurationBuilder WithHarombeHealthChecks(this AkkaConfigurationBuilder builder) =>
        builder
            .WithActorSystemLivenessCheck(tags: [LiveTag])
            .WithAkkaClusterReadinessCheck(tags: [ReadyTag])
            .WithHealthCheck("secret-region", new SecretRegionReadinessCheck(), tags: [ReadyTag])
            .WithHealthCheck("journal", new JournalReadinessCheck(new SecretActorSettings().ReadJournalPluginId), tags: [ReadyTag]);

    /// <summary>
    /// The routes: the gRPC services (also as gRPC-Web and as JSON), and, without authentication and revealing nothing
    /// secret, /healthz/live, /healthz/ready, /metrics and the dashboard's static files under /ui/.
    /// </summary>
    public static WebApplication MapHarombeApi(this WebApplication app)
    {
        // Loaded now, not on the first call: a fresh host writes its token files at start, and a bad token setting stops it here.
        app.Services.GetRequiredService<TokenAuthenticator>();
        app.UseRouting();
        app.UseMiddleware<RequestGuard>();
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.MapGrpcService<OperatorService>();
        app.MapGrpcService<ConsumerService>();
        app.MapHealthChecks("/healthz/live", Health(LiveTag));
        app.MapHealthChecks("/healthz/ready", Health(ReadyTag));
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapDashboard();
        return app;
    }

    private static HealthCheckOptions Health(string tag) => new()
    {
        Predicate = registration => registration.Tags.Contains(tag),
        ResponseWriter = WriteHealth,
    };

    private static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new Dictionary<string, object>
        {
            ["status"] = report.Status.ToString(),
            ["checks"] = report.Entries.ToDictionary(e => e.Key, e => new Dictionary<string, string?> { ["status"] = e.Value.Status.ToString(), ["description"] = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
