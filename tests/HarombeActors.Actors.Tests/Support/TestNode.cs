using Akka.Actor;
using Akka.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Actors.Secrets;
using HarombeActors.Actors.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Actors.Tests.Support;

/// <summary>
/// A real single-node host, in process: the same composition as the executable (cluster, sharding, SQLite files
/// in a temporary folder, the project's serializer), plus serialize-messages = on so every message crosses the
/// serializer, and a <see cref="FakeClock"/> the test can move. Restartable on the same files and the same address.
/// </summary>
public sealed class TestNode(string? dataDir = null, params IVerificationTest[] tests) : IAsyncDisposable
{
    /// <summary>A small bucket that refills fast, so the flapping-consumer test sees coalescing and its end in about a second.</summary>
    public const int VersionChangeBurst = 4;
    public static readonly TimeSpan VersionChangeRefill = TimeSpan.FromMilliseconds(250);

    private EmbeddedNode? _node;

    public string DataDir { get; } = dataDir ?? Directory.CreateTempSubdirectory("harombe-test-").FullName;

    /// <summary>Chosen once: a restarted node comes back on the same address, as a restarted host process would.</summary>
    public int Port { get; } = EmbeddedNode.FreeLoopbackPort();

    /// <summary>The clock the secrets read; it survives a restart, as wall-clock time would.</summary>
    public FakeClock Clock { get; } = new();

    /// <summary>Changes a test makes to the node's options (applied on every start).</summary>
    public Action<HarombeOptions>? Configure { get; init; }

    /// <summary>Fakes a test puts in place of one real piece (registered before the node's own services).</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>Changes a test makes to the secrets' settings beyond the options (the consumer cap, passivation).</summary>
    public Func<SecretActorSettings, SecretActorSettings>? Settings { get; init; }

    /// <summary>Where the node's warnings and errors go (the test's output); none when null.</summary>
    public Xunit.Abstractions.ITestOutputHelper? Output { get; set; }

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
            // Wide: a gated fake test holds verification open while the test acts; only a test about timeouts shortens it.
            VerificationTimeout = TimeSpan.FromMinutes(2),
            ConsumerVersionChangeBurst = VersionChangeBurst,
            ConsumerVersionChangeRefill = VersionChangeRefill,
        };
        Configure?.Invoke(options);
        _node = await EmbeddedNode.StartAsync(options,
            services =>
            {
                foreach (var test in tests) services.AddSingleton(test);
                services.AddSingleton<TimeProvider>(Clock);
                if (Settings is { } change) services.AddSingleton(change(SecretActorSettings.From(options)));
                Services?.Invoke(services);
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
            // The node's warnings and errors go to the test's output (shown with a failure, and in CI's results);
            // HAROMBE_TEST_LOG=1 also shows them on the console while debugging a test.
            logging =>
            {
                if (Output is { } output) logging.AddProvider(new TestOutputLoggerProvider(output));
                if (Environment.GetEnvironmentVariable("HAROMBE_TEST_LOG") == "1") logging.AddSimpleConsole();
            });
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
