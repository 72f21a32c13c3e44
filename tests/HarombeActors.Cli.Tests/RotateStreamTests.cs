using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit.Xunit2;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Api.Hosting;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Ids;
using HarombeActors.Protocol;
using HarombeActors.Protocol.V1;
using HarombeActors.Routing;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// The rotate stream's promise: exactly one final result, even when the secret's actor stops while the caller waits.
/// An in-process host (the same composition as the executable) lets the test stop the entity from inside the cluster.
/// </summary>
public sealed class RotateStreamTests : IAsyncLifetime
{
    private const string OperatorToken = "operator-token-for-stream-tests";
    private readonly string _dir = Directory.CreateTempSubdirectory("harombe-stream-").FullName;
    private EmbeddedHost _host = null!;

    public async Task InitializeAsync() => _host = await EmbeddedHost.StartAsync(new HarombeOptions
    {
        Port = EmbeddedNode.FreeLoopbackPort(), DataDir = _dir, ActorSystemName = "harombe-stream", OperatorToken = OperatorToken,
        SplitBrainStableAfter = TimeSpan.FromSeconds(2), Api = new ApiOptions { Port = EmbeddedNode.FreeLoopbackPort() },
    });

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    [Fact]
    public async Task A_caller_waiting_on_a_rotation_gets_its_result_although_the_secret_restarted_meanwhile()
    {
        var path = SecretPath.Parse("/stream/restart");
        using var channel = FrontDoorChannels.Open(_host.ApiUrl, null);
        var api = new Operator.OperatorClient(channel);
        var auth = new Metadata { { "authorization", FrontDoor.BearerPrefix + OperatorToken } };
        await api.PutSecretAsync(new PutSecretRequest { Path = path.Value, Value = "stream-value-1" }, auth);
        var kit = new TestKit(_host.System);
        var consumer = kit.CreateTestProbe();
        _host.Region.Tell(new Heartbeat(path, "svc", 1, DateTimeOffset.UtcNow, consumer.Ref));

        using var rotate = api.Rotate(new RotateRequest { Path = path.Value, Strategy = "dual-write", MigrationTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(2)) }, auth);
        Assert.True(await rotate.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal("waiting-for-consumers", rotate.ResponseStream.Current.Progress.Phase);

        // The secret's actor stops (as on a crash or a move) while the caller waits; it comes back from its journal.
        var entity = await _host.System.ActorSelection($"/system/sharding/{SecretRegion.TypeName}/*/{Uri.EscapeDataString(path.Value)}").ResolveOne(TimeSpan.FromSeconds(5));
        kit.Watch(entity);
        _host.Region.Tell(new ShardingEnvelope(path.Value, PoisonPill.Instance));
        kit.ExpectTerminated(entity, TimeSpan.FromSeconds(10));

        // Dual mode survived the stop: the consumer moves (heartbeating as a real one does, every 200 ms), which promotes.
        using var heartbeats = new Timer(_ => _host.Region.Tell(new Heartbeat(path, "svc", 2, DateTimeOffset.UtcNow, consumer.Ref)), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
        RotationResult? result = null;
        var results = 0;
        // Bounded: a lost result must fail the test, not hang it.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await rotate.ResponseStream.MoveNext(limit.Token))
        {
            if (rotate.ResponseStream.Current.EventCase != RotateEvent.EventOneofCase.Result) continue;
            result = rotate.ResponseStream.Current.Result;
            results++;
        }
        Assert.Equal(1, results);
        Assert.NotNull(result);
        Assert.Equal(("success", 1, 2), (result.Status, result.OldVersion, result.NewVersion));
        var restarted = await _host.System.ActorSelection($"/system/sharding/{SecretRegion.TypeName}/*/{Uri.EscapeDataString(path.Value)}").ResolveOne(TimeSpan.FromSeconds(5));
        Assert.NotEqual(entity, restarted);
    }
}
