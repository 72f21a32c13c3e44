using Akka.Actor;
using Akka.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Actors.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Actors.Tests.Support;

/// <summary>
/// A real single-node host, in process: the same composition as the executable (cluster, sharding, SQLite files
/// in a temporary folder, the project's serializer), plus serialize-messages = on so every message crosses the
/// serializer. Restartable on the same files and the same address.
/// </summary>
public sealed class TestNode(string? dataDir = null, params IVerificationTest[] tests) : IAsyncDisposable
{
    private EmbeddedNode? _node;

    public string DataDir { get; } = dataDir ?? Directory.CreateTempSubdirectory("harombe-test-").FullName;

    /// <summary>Chosen once: a restarted node comes back on the same address, as a restarted host process would.</summary>
    public int Port { get; } = EmbeddedNode.FreeLoopbackPort();

    public ActorSystem System => _node!.System;
    public IActorRef Region => _node!.Region;

    public async Task<TestNode> StartAsync()
    {
        var options = new HarombeOptions
        {
            Port = Port,
            DataDir = DataDir,
            ActorSystemName = "harombe-test",
            SnapshotEvery = 5,
            VerificationTimeout = TimeSpan.FromSeconds(5),
            SplitBrainStableAfter = TimeSpan.FromSeconds(2),
            // A small bucket that refills fast, so the flapping-consumer test sees coalescing and its end in well under a second.
            ConsumerVersionChangeBurst = 4,
            ConsumerVersionChangeRefill = TimeSpan.FromMilliseconds(250),
        };
        _node = await EmbeddedNode.StartAsync(options,
            services =>
            {
                foreach (var test in tests) services.AddSingleton(test);
            },
            akka => akka.AddHocon("""
                akka.actor.serialize-messages = on
                akka.actor.serializers.pass-through = "HarombeActors.Actors.Tests.Support.PassThroughSerializer, HarombeActors.Actors.Tests"
                akka.actor.serialization-bindings {
                  "System.Object" = pass-through
                }
                akka.loglevel = WARNING
                akka.coordinated-shutdown.exit-clr = off
                """, HoconAddMode.Prepend),
            // HAROMBE_TEST_LOG=1 shows the node's warnings and errors on the console while debugging a test.
            logging => { if (Environment.GetEnvironmentVariable("HAROMBE_TEST_LOG") == "1") logging.AddSimpleConsole(); });
        return this;
    }

    public async Task StopAsync()
    {
        if (_node is null) return;
        await _node.DisposeAsync();
        _node = null;
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
}
