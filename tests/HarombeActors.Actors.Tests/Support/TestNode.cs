using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Actors.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Actors.Tests.Support;

/// <summary>
/// A real single-node host, in process: the same composition as the executable (cluster, sharding, SQLite files
/// in a temporary folder, the project's serializer), plus serialize-messages = on so every message crosses the
/// serializer. Restartable on the same files.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private IHost? _host;

    public TestNode(string? dataDir = null, params IVerificationTest[] tests)
    {
        DataDir = dataDir ?? Directory.CreateTempSubdirectory("harombe-test-").FullName;
        Tests = tests;
    }

    public string DataDir { get; }
    public IReadOnlyList<IVerificationTest> Tests { get; }
    public ActorSystem System => _host!.Services.GetRequiredService<ActorSystem>();
    public IActorRef Region => _host!.Services.GetRequiredService<IRequiredActor<SecretRegion>>().ActorRef;

    public HarombeOptions Options { get; private set; } = new();

    /// <summary>Chosen once: a restarted node comes back on the same address, as a restarted host process would.</summary>
    public int Port { get; } = FreePort();

    public async Task<TestNode> StartAsync()
    {
        Options = new HarombeOptions
        {
            Port = Port,
            DataDir = DataDir,
            ActorSystemName = "harombe-test",
            SnapshotEvery = 5,
            VerificationTimeout = TimeSpan.FromSeconds(5),
            SplitBrainStableAfter = TimeSpan.FromSeconds(2),
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning);
        // HAROMBE_TEST_LOG=1 shows the node's warnings and errors on the console while debugging a test.
        if (Environment.GetEnvironmentVariable("HAROMBE_TEST_LOG") == "1") builder.Logging.AddSimpleConsole();
        foreach (var test in Tests) builder.Services.AddSingleton(test);
        builder.Services.AddHarombeHostNode(Options, akka => akka.AddHocon("""
            akka.actor.serialize-messages = on
            akka.actor.serializers.pass-through = "HarombeActors.Actors.Tests.Support.PassThroughSerializer, HarombeActors.Actors.Tests"
            akka.actor.serialization-bindings {
              "System.Object" = pass-through
            }
            akka.loglevel = WARNING
            akka.coordinated-shutdown.exit-clr = off
            akka.cluster.shutdown-after-unsuccessful-join-seed-nodes = 30s
            """, HoconAddMode.Prepend));
        _host = builder.Build();
        await _host.StartAsync();
        return this;
    }

    public async Task StopAsync()
    {
        if (_host is null) return;
        await _host.StopAsync();
        _host.Dispose();
        _host = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold a file a moment longer; the temp folder is cleaned by the OS eventually.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
