using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Cli.Tests.Support;

/// <summary>A client node in the test process: joins the host's cluster with the client role and a region proxy.</summary>
public sealed class ClientNode : IAsyncDisposable
{
    private readonly IHost _host;

    private ClientNode(IHost host) => _host = host;

    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();
    public IActorRef Region => _host.Services.GetRequiredService<IRequiredActor<SecretRegion>>().ActorRef;

    public static async Task<ClientNode> JoinAsync(HostProcess host)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        var options = new HarombeOptions { Port = EmbeddedNode.FreeLoopbackPort(), Seeds = [host.Contact] };
        builder.Services.AddHarombeClientNode(options, akka => akka.AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend));
        var node = new ClientNode(builder.Build());
        await node._host.StartAsync();
        var up = new TaskCompletionSource();
        Cluster.Get(node.System).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
