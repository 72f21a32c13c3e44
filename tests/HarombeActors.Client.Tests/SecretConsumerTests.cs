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

    private SecretCredentials Consume(SecretPath path, string id)
    {
        var credentials = new SecretCredentials();
        _node.System.ActorOf(SecretConsumerActor.Props(_node.Region, new SecretConsumerOptions(path, ConsumerId.Parse(id)), credentials));
        return credentials;
    }

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
        // A 60 s migration timeout: the rotation completes long before it, because every consumer moves when told.
        var policy = new RotationPolicy { Strategy = RotationStrategy.DualWrite, RequireVerification = false, MigrationTimeout = TimeSpan.FromSeconds(60) };
        var result = (await Ask<RotationOutcome>(new RotateSecret(path, Ops, policy, SecretValue.Create("new-password")))).Result;
        Assert.True(result.Success);
        Assert.Equal(3, result.ConsumersMigrated);
        Assert.True(result.DurationMs < 10_000, $"took {result.DurationMs} ms");
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
        var consumer = Consume(path, "early");
        Assert.Null(consumer.Current);
        await Ask<SecretWriteAccepted>(new WriteSecret(path, SecretValue.Create("finally"), Ops));
        await _kit.AwaitAssertAsync(() => Assert.Equal("finally", consumer.Current?.Current.RevealPlaintext()), TimeSpan.FromSeconds(15));
    }
}
