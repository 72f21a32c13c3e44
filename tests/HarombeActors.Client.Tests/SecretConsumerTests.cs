using Akka.Actor;
using Akka.TestKit.Xunit2;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;

namespace HarombeActors.Client.Tests;

/// <summary>Consumers from the client library against a real node (SQLite in a temp folder), following rotations.</summary>
public sealed class SecretConsumerTests : IAsyncLifetime
{
    private static readonly Principal Ops = new("ops");
    private readonly string _dir = Directory.CreateTempSubdirectory("harombe-client-").FullName;
    private EmbeddedNode _node = null!;
    private TestKit _kit = null!;

    public async Task InitializeAsync()
    {
        _node = await EmbeddedNode.StartAsync(new HarombeOptions { Port = EmbeddedNode.FreeLoopbackPort(), DataDir = _dir, ActorSystemName = "harombe-client-test" });
        _kit = new TestKit(_node.System);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    private async Task<T> Ask<T>(ISecretMessage m) => (T)await _node.Region.Ask<ISecretReply>(m, TimeSpan.FromSeconds(15));

    private SecretCredentials Consume(SecretPath path, string id, ConsumerRole role = ConsumerRole.Client)
    {
        var credentials = new SecretCredentials();
        _node.System.ActorOf(SecretConsumerActor.Props(_node.Region, new SecretConsumerOptions(path, ConsumerId.Parse(id)) { Role = role }, credentials));
        return credentials;
    }

    // An hour: the rotations here end because consumers move, never because a slow machine let a timeout expire.
    private static readonly RotationPolicy DualWrite = new() { Strategy = RotationStrategy.DualWrite, RequireVerification = false, MigrationTimeout = TimeSpan.FromHours(1) };

    [Fact]
    public async Task Consumers_fetch_register_and_move_at_once_so_dual_write_promotes_in_moments()
    {
        var path = SecretPath.Parse("/client/db");
        await Ask<SecretWriteAccepted>(new WriteSecret(path, SecretValue.Create("old-password"), Ops));
        var consumers = Enumerable.Range(1, 3).Select(i => Consume(path, $"svc-{i}")).ToList();
        await _kit.AwaitAssertAsync(async () =>
        {
            Assert.All(consumers, c => Assert.Equal("old-password", c.Current?.Current.RevealPlaintext()));
            Assert.Equal(3, (await Ask<ConsumerList>(new GetConsumers(path))).Consumers.Count);
        }, TimeSpan.FromSeconds(10));

        var changes = new List<int>();
        consumers[0].Changed += s => { lock (changes) changes.Add(s.Valid.Count); };
        var result = (await Ask<RotationOutcome>(new RotateSecret(path, Ops, DualWrite, SecretValue.Create("new-password")))).Result;
        Assert.True(result.Success);
        Assert.Equal(3, result.ConsumersMigrated);
        // Promoted because the last consumer moved, not because the wait timed out (which would also say success).
        var history = (await Ask<SecretHistory>(new GetHistory(path))).Events.Select(e => e.Type).ToList();
        Assert.DoesNotContain("MigrationTimedOut", history);
        Assert.Equal(["ConsumerMigrated", "Promoted", "RotationCompleted"], history[^3..]);
        lock (changes) Assert.Contains(2, changes); // during dual mode the consumer held both values

        await _kit.AwaitAssertAsync(() => Assert.All(consumers, c =>
        {
            Assert.Equal("new-password", c.Current!.Current.RevealPlaintext());
            Assert.Single(c.Current.Valid);
            Assert.True(c.Accepts("new-password"));
            Assert.False(c.Accepts("old-password"));
        }), TimeSpan.FromSeconds(10));
        var listed = await Ask<ConsumerList>(new GetConsumers(path));
        Assert.All(listed.Consumers, c => Assert.Equal(MigrationStatus.Completed, c.MigrationStatus));
    }

    [Fact]
    public async Task A_consumer_follows_blue_green_switches_and_rollbacks()
    {
        var path = SecretPath.Parse("/client/bg");
        await Ask<SecretWriteAccepted>(new WriteSecret(path, SecretValue.Create("blue-value"), Ops));
        var consumer = Consume(path, "svc");
        await _kit.AwaitAssertAsync(() => Assert.Equal("blue-value", consumer.Current?.Current.RevealPlaintext()), TimeSpan.FromSeconds(10));
        await Ask<RotationOutcome>(new RotateSecret(path, Ops, new RotationPolicy { Strategy = RotationStrategy.BlueGreen, RequireVerification = false }, SecretValue.Create("green-value")));
        await _kit.AwaitAssertAsync(() => Assert.Equal("green-value", consumer.Current?.Current.RevealPlaintext()), TimeSpan.FromSeconds(10));
        await Ask<RotationOutcome>(new RollbackSecret(path, Ops));
        await _kit.AwaitAssertAsync(() => Assert.Equal("blue-value", consumer.Current?.Current.RevealPlaintext()), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_consumer_of_a_secret_that_does_not_exist_yet_retries_until_it_does()
    {
        var path = SecretPath.Parse("/client/later");
        var failures = _kit.CreateTestProbe();
        _node.System.EventStream.Subscribe(failures.Ref, typeof(Akka.Event.Warning));
        var consumer = Consume(path, "early");
        // Two failed reads: the second came from a retry, so the write below is found by retrying, not by a first read.
        for (var i = 0; i < 2; i++)
            failures.FishForMessage<Akka.Event.Warning>(w => w.Message.ToString()!.Contains($"secret {path} does not exist (yet)", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Null(consumer.Current);
        await Ask<SecretWriteAccepted>(new WriteSecret(path, SecretValue.Create("finally"), Ops));
        await _kit.AwaitAssertAsync(() => Assert.Equal("finally", consumer.Current?.Current.RevealPlaintext()), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task A_resource_accepts_every_valid_version_and_has_the_new_one_before_any_client_is_told_to_use_it()
    {
        var path = SecretPath.Parse("/client/resource");
        await Ask<SecretWriteAccepted>(new WriteSecret(path, SecretValue.Create("old-password"), Ops));
        var resource = Consume(path, "database", ConsumerRole.Resource);
        var client = Consume(path, "api");
        await _kit.AwaitAssertAsync(async () =>
        {
            Assert.Equal(1, client.Current?.Version);
            Assert.Equal(1, resource.Current?.Version);
            Assert.Equal(2, (await Ask<ConsumerList>(new GetConsumers(path))).Consumers.Count);
        }, TimeSpan.FromSeconds(30));

        // What the resource accepted at the moment the client switched to the new value: that is the zero-downtime promise.
        var acceptedWhenClientMoved = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Changed += s => { if (s.Version == 2) acceptedWhenClientMoved.TrySetResult(resource.Accepts("new-password")); };
        var resourceDuringDualMode = new List<int>();
        resource.Changed += s => { lock (resourceDuringDualMode) if (s.Valid.Count == 2) resourceDuringDualMode.Add(s.Version); };

        Assert.True((await Ask<RotationOutcome>(new RotateSecret(path, Ops, DualWrite, SecretValue.Create("new-password")))).Result.Success);
        Assert.True(await acceptedWhenClientMoved.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        lock (resourceDuringDualMode) Assert.Contains(2, resourceDuringDualMode); // a resource reports the newest valid version
        var listed = (await Ask<ConsumerList>(new GetConsumers(path))).Consumers.Single(c => c.ConsumerId == "database");
        Assert.Equal(ConsumerRole.Resource, listed.Role);
        // After promotion the old value is no longer valid anywhere.
        await _kit.AwaitAssertAsync(() =>
        {
            Assert.True(resource.Accepts("new-password"));
            Assert.False(resource.Accepts("old-password"));
        }, TimeSpan.FromSeconds(30));
    }
}
