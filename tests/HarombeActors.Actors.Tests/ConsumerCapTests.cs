using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Secrets;
using HarombeActors.Actors.Tests.Support;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;

namespace HarombeActors.Actors.Tests;

/// <summary>
/// A secret tracks a bounded number of consumers. The node here caps it at 3 instead of 10,000, which would mean
/// persisting 10,000 registrations; the default is checked separately.
/// </summary>
public class ConsumerCapTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    private const int Cap = 3;

    protected override TestNode CreateNode() => new(null, AcceptsGood, Gate) { Settings = s => s with { MaxConsumers = Cap } };

    [Fact]
    public void A_node_caps_each_secret_at_ten_thousand_consumers_by_default() =>
        Assert.Equal(10_000, SecretActorSettings.From(new HarombeOptions()).MaxConsumers);

    [Fact]
    public async Task A_consumer_beyond_the_cap_is_refused_and_the_known_ones_keep_working()
    {
        var path = P("/secrets/capped");
        await Put(path, "v1");
        var probe = Kit.CreateTestProbe();
        for (var i = 1; i <= Cap; i++) Beat(path, $"svc-{i}", 1, probe.Ref);
        await Registered(path, Cap);

        Beat(path, "one-too-many", 1, probe.Ref);
        var refused = probe.ExpectMsg<HeartbeatRejected>(TimeSpan.FromSeconds(15));
        Assert.Equal(RejectionCode.InvalidState, refused.Rejection.Code);
        Assert.Contains($"already tracks {Cap} consumers", refused.Rejection.Message);

        // A consumer already tracked is not affected: it moves to a new version as usual.
        await Put(path, "v2");
        Beat(path, "svc-1", 2, probe.Ref);
        await JournalWith(path, e => e is ConsumerMigrated { ToVersion: 2 } m && m.ConsumerId.Value == "svc-1");
        var consumers = (await Ask<ConsumerList>(new GetConsumers(path))).Consumers;
        Assert.Equal(["svc-1", "svc-2", "svc-3"], consumers.Select(c => c.ConsumerId));
        Assert.Equal(Cap, (await Journal(path)).Count(e => e is ConsumerRegistered));
    }
}
