using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using HarombeActors.Routing;
using HarombeActors.Actors.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Actors.Hosting;

/// <summary>
/// A node inside another process (tests, benchmarks, demos): a host with the same composition as the host
/// executable, or a client node, in a generic host of its own, without reading appsettings or the environment.
/// </summary>
public sealed class EmbeddedNode : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedNode(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;
    public ActorSystem System => Services.GetRequiredService<ActorSystem>();
    public IActorRef Region => Services.GetRequiredService<IRequiredActor<SecretRegion>>().ActorRef;

    public static async Task<EmbeddedNode> StartAsync(
        HarombeOptions options,
        Action<IServiceCollection>? services = null,
        Action<AkkaConfigurationBuilder>? akka = null,
        Action<ILoggingBuilder>? logging = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        services?.Invoke(builder.Services);
        builder.Services.AddHarombeHostNode(options, akka);
        var host = builder.Build();
        await host.StartAsync();
        return new EmbeddedNode(host);
    }

    /// <summary>
    /// A client node (role "client", region proxy only) that joins <see cref="HarombeOptions.Seeds"/>; returns once it is
    /// Up, or stops it again and throws <see cref="TimeoutException"/> when it is not Up within <paramref name="joinTimeout"/> (30 s).
    /// </summary>
    public static async Task<EmbeddedNode> StartClientAsync(HarombeOptions options, Action<AkkaConfigurationBuilder>? akka = null, TimeSpan? joinTimeout = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddHarombeClientNode(options, akka);
        var node = new EmbeddedNode(builder.Build());
        await node._host.StartAsync();
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.Get(node.System).RegisterOnMemberUp(() => up.TrySetResult());
        try
        {
            await up.Task.WaitAsync(joinTimeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    /// <summary>A port nobody listens on right now, on loopback.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
