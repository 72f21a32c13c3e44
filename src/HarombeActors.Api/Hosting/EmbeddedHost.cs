using Akka.Actor;
using Akka.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Api.Hosting;

/// <summary>
/// A whole host inside another process (tests, the demo): the same composition as the host executable, the front door
/// included, on the addresses in the options, without reading appsettings, the environment or the command line.
/// </summary>
public sealed class EmbeddedHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedHost(WebApplication app, ApiEndpoint endpoint)
    {
        _app = app;
        ApiUrl = new Uri(endpoint.Url);
    }

    public IServiceProvider Services => _app.Services;
    public ActorSystem System => Services.GetRequiredService<ActorSystem>();
    public IActorRef Region => Services.GetRequiredService<IRequiredActor<SecretRegion>>().ActorRef;
    public Uri ApiUrl { get; }
    /// <summary>HOST:PORT of the front door, as the CLI and consumers take it.</summary>
    public string Contact => $"{ApiUrl.Host}:{ApiUrl.Port}";

    public static async Task<EmbeddedHost> StartAsync(
        HarombeOptions options,
        Action<IServiceCollection>? services = null,
        Action<AkkaConfigurationBuilder>? akka = null,
        Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateBuilder();
        // Nothing from appsettings, the environment or the command line; an empty source takes the settings Kestrel writes.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        services?.Invoke(builder.Services);
        builder.AddHarombeHost(options, akka);
        var app = builder.Build();
        app.MapHarombeApi();
        await app.StartAsync();
        return new EmbeddedHost(app, app.Services.GetRequiredService<ApiEndpoint>());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
