using Akka.Actor;
using Akka.TestKit;
using HarombeActors.Actors.Tests.Support;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;

namespace HarombeActors.Actors.Tests;

/// <summary>Consumers as TestKit probes: heartbeats in, rotation notices out, event-driven promotion.</summary>
public class ConsumerTrackingTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    // An hour: a rotation in these tests ends because consumers moved (or the node's clock was moved), never because a
    // loaded machine let a wall-clock timeout expire first.
    private static readonly RotationPolicy Dual = new()
    {
        Strategy = RotationStrategy.DualWrite, RequireVerification = false, MigrationTimeout = TimeSpan.FromHours(1), StaleAfter = NeverStale,
    };

    private async Task<ConsumerList> ConsumersOf(SecretPath path) => await Ask<ConsumerList>(new GetConsumers(path));

    /// <summary>Returns once the journal holds <paramref name="consumer"/>'s move: what it changed is decided by then.</summary>
    private Task Moved(SecretPath path, string consumer) => JournalWith(path, e => e is ConsumerMigrated m && m.ConsumerId.Value == consumer);

    [Fact]
    public async Task Dual_write_promotes_the_moment_the_last_consumer_moves()
    {
        var path = P("/secrets/dual");
        await Put(path, "old");
        var a = Kit.CreateTestProbe();
        var b = Kit.CreateTestProbe();
        Beat(path, "svc-a", 1, a.Ref);
        Beat(path, "svc-b", 1, b.Ref);
        await Registered(path, 2);

        var waiter = Kit.CreateTestProbe();
        Node.Region.Tell(new RotateSecret(path, Alice, Dual, SecretValue.Create("new")), waiter.Ref);
        foreach (var probe in new[] { a, b })
        {
            var notice = probe.ExpectMsg<RotationNotice>(TimeSpan.FromSeconds(10));
            Assert.Equal(NoticeKind.DualModeStarted, notice.Kind);
            Assert.Equal([1, 2], notice.ValidVersions);
        }
        Assert.Equal("old", await Reveal(path));
        Assert.Equal("new", await Reveal(path, "pending"));
        var during = await ConsumersOf(path);
        Assert.All(during.Consumers, c => Assert.Equal(MigrationStatus.Migrating, c.MigrationStatus));
        var status = await Ask<SecretStatus>(new GetStatus(path));
        Assert.Equal("waiting-for-consumers", status.Rotation!.Phase);
        Assert.True(status.DualMode);

        Beat(path, "svc-a", 2, a.Ref);
        await Moved(path, "svc-a");
        // Promotion is decided in the batch of a move: once svc-a's move is persisted, one of two is known not to be enough.
        Assert.Equal("waiting-for-consumers", (await Ask<SecretStatus>(new GetStatus(path))).Rotation?.Phase);
        Beat(path, "svc-b", 2, b.Ref);
        var result = waiter.ExpectMsg<RotationOutcome>(TimeSpan.FromSeconds(10)).Result;
        Assert.True(result.Success);
        Assert.Equal(2, result.ConsumersMigrated);
        Assert.Equal(2, result.ConsumersTotal);
        Assert.Equal(NoticeKind.Promoted, a.FishForMessage<RotationNotice>(n => n.Kind == NoticeKind.Promoted, TimeSpan.FromSeconds(15)).Kind);
        Assert.Equal("new", await Reveal(path));
        Assert.All((await ConsumersOf(path)).Consumers, c =>
        {
            Assert.Equal(MigrationStatus.Completed, c.MigrationStatus);
            Assert.Equal(2, c.SecretVersion);
            Assert.NotNull(c.LastHeartbeat);
        });
    }

    [Fact]
    public async Task A_resource_hears_of_the_new_value_first_and_clients_only_once_it_accepts_it()
    {
        var path = P("/secrets/armed");
        await Put(path, "old");
        var resource = Kit.CreateTestProbe();
        var client = Kit.CreateTestProbe();
        Beat(path, "database", 1, resource.Ref, ConsumerRole.Resource);
        Beat(path, "svc", 1, client.Ref);
        await Registered(path, 2);

        var waiter = Kit.CreateTestProbe();
        Node.Region.Tell(new RotateSecret(path, Alice, Dual, SecretValue.Create("new")), waiter.Ref);
        var arming = resource.ExpectMsg<RotationNotice>(TimeSpan.FromSeconds(10));
        Assert.Equal(NoticeKind.ValidVersionsChanged, arming.Kind);
        Assert.Equal([1, 2], arming.ValidVersions);
        Assert.Equal(1, arming.PreferredVersion);
        // The client got the same notice: it still says "use v1", so nothing changes for it.
        Assert.Equal(1, client.ExpectMsg<RotationNotice>(TimeSpan.FromSeconds(10)).PreferredVersion);
        var status = await Ask<SecretStatus>(new GetStatus(path));
        Assert.Equal("arming-resources", status.Rotation!.Phase);
        Assert.False(status.DualMode);

        Beat(path, "database", 2, resource.Ref, ConsumerRole.Resource);
        var dual = client.ExpectMsg<RotationNotice>(TimeSpan.FromSeconds(10));
        Assert.Equal(NoticeKind.DualModeStarted, dual.Kind);
        Assert.Equal(2, dual.PreferredVersion);
        Beat(path, "svc", 2, client.Ref);
        Assert.True(waiter.ExpectMsg<RotationOutcome>(TimeSpan.FromSeconds(10)).Result.Success);
        var consumers = await ConsumersOf(path);
        Assert.Equal(ConsumerRole.Resource, consumers.Consumers.Single(c => c.ConsumerId == "database").Role);
    }

    [Fact]
    public async Task A_stale_consumer_does_not_block_promotion()
    {
        var path = P("/secrets/stale");
        await Put(path, "old");
        var live = Kit.CreateTestProbe();
        var dead = Kit.CreateTestProbe();
        Beat(path, "live", 1, live.Ref);
        Beat(path, "dead", 1, dead.Ref);
        await Registered(path, 2);

        // 20 s: no consumer goes stale by accident on a slow machine; the test moves the node's clock past it instead.
        var staleAfter = TimeSpan.FromSeconds(20);
        var waiter = Kit.CreateTestProbe();
        Node.Region.Tell(new RotateSecret(path, Alice, Dual with { StaleAfter = staleAfter }, SecretValue.Create("new")), waiter.Ref);
        live.ExpectMsg<RotationNotice>(TimeSpan.FromSeconds(10));
        Beat(path, "live", 2, live.Ref);
        await Moved(path, "live");
        Assert.Equal("waiting-for-consumers", (await Ask<SecretStatus>(new GetStatus(path))).Rotation?.Phase); // waiting for "dead" alone

        // "dead" never speaks again. Staleness is checked four times per staleAfter, so it is seen within 5 s.
        Node.Clock.Advance(staleAfter + TimeSpan.FromSeconds(1));
        var result = waiter.ExpectMsg<RotationOutcome>(TimeSpan.FromSeconds(30)).Result;
        Assert.True(result.Success);
        Assert.Equal(1, result.ConsumersMigrated);
        Assert.Equal(2, result.ConsumersTotal);
        // "live" may have looked stale too after the jump, until its next heartbeat; "dead" stays stale.
        await Kit.AwaitAssertAsync(async () =>
        {
            Beat(path, "live", 2, live.Ref);
            var consumers = (await ConsumersOf(path)).Consumers.ToDictionary(c => c.ConsumerId, c => c.MigrationStatus);
            Assert.Equal(MigrationStatus.Stale, consumers["dead"]);
            Assert.Equal(MigrationStatus.Completed, consumers["live"]);
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Migration_timeout_with_rollback_returns_everyone_to_the_old_value()
    {
        var path = P("/secrets/timeout");
        await Put(path, "old");
        var stuck = Kit.CreateTestProbe();
        Beat(path, "stuck", 1, stuck.Ref);
        await Registered(path, 1);
        var policy = Dual with { MigrationTimeout = TimeSpan.FromMilliseconds(500), OnMigrationTimeout = MigrationTimeoutAction.Rollback };
        var result = await Rotate(path, policy, "new");
        Assert.Equal(RotationStatus.RolledBack, result.Status);
        Assert.True(result.RollbackPerformed);
        Assert.Contains("stuck", result.Error);
        Assert.Equal(NoticeKind.RolledBack, stuck.FishForMessage<RotationNotice>(n => n.Kind != NoticeKind.DualModeStarted, TimeSpan.FromSeconds(15)).Kind);
        Assert.Equal("old", await Reveal(path));
    }

    [Fact]
    public async Task Bad_heartbeats_are_refused_and_change_nothing()
    {
        var path = P("/secrets/hb");
        await Put(path, "v1");
        var probe = Kit.CreateTestProbe();
        Beat(path, "", 1, probe.Ref);
        Assert.Equal("consumerId", probe.ExpectMsg<HeartbeatRejected>().Rejection.Field);
        Beat(path, new string('x', 500), 1, probe.Ref);
        Assert.Contains("at most 128", probe.ExpectMsg<HeartbeatRejected>().Rejection.Message);
        Beat(path, "svc", 42, probe.Ref);
        Assert.Equal("version", probe.ExpectMsg<HeartbeatRejected>().Rejection.Field);
        Beat(P("/secrets/unknown"), "svc", 1, probe.Ref);
        Assert.Equal(RejectionCode.NotFound, probe.ExpectMsg<HeartbeatRejected>().Rejection.Code);
        Assert.Empty((await ConsumersOf(path)).Consumers);
        var history = await Ask<SecretHistory>(new GetHistory(path));
        Assert.Single(history.Events);
    }

    [Fact]
    public async Task A_flood_of_identical_heartbeats_persists_one_registration()
    {
        var path = P("/secrets/flood");
        await Put(path, "v1");
        var probe = Kit.CreateTestProbe();
        for (var i = 0; i < 5_000; i++) Beat(path, "chatty", 1, probe.Ref);
        await Registered(path, 1);
        var history = await Ask<SecretHistory>(new GetHistory(path));
        Assert.Equal(["SecretWritten", "ConsumerRegistered"], history.Events.Select(e => e.Type));
    }

    [Fact]
    public async Task A_consumer_flapping_between_versions_is_coalesced_and_its_latest_version_lands_after_a_refill()
    {
        var path = P("/secrets/flapping");
        await Put(path, "v1");
        await Put(path, "v2");
        await Put(path, "v3");
        var probe = Kit.CreateTestProbe();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // 1,000 changes between v1 and v2 use up the burst, then one heartbeat on v3, a version the burst never lets through.
        for (var i = 0; i < 1_000; i++) Beat(path, "flapper", 1 + i % 2, probe.Ref);
        Beat(path, "flapper", 3, probe.Ref);
        await Kit.AwaitAssertAsync(async () => Assert.Equal(3, (await ConsumersOf(path)).Consumers.Single().SecretVersion), TimeSpan.FromSeconds(30));
        var elapsed = clock.Elapsed;

        var reported = (await Journal(path))
            .Select(e => e switch { ConsumerRegistered r => r.Version, ConsumerMigrated m => m.ToVersion, _ => 0 })
            .Where(v => v != 0)
            .ToList();
        var seen = string.Join(",", reported.Take(40)) + (reported.Count > 40 ? ",..." : "");
        // The burst reported the first changes at once (v1, v2, v1, v2); v3 came later, when a refill let it through.
        Assert.True(reported.Take(TestNode.VersionChangeBurst).SequenceEqual([1, 2, 1, 2]), seen);
        Assert.Equal(3, reported[^1]);
        // Bounded by the bucket, not by the 1,001 heartbeats: the burst plus at most one per refill interval that passed
        // (a slow machine only widens the bound; it cannot make a flood pass).
        var refills = (int)(elapsed / TestNode.VersionChangeRefill) + 1;
        Assert.True(reported.Count <= TestNode.VersionChangeBurst + refills, $"{reported.Count} events in {elapsed.TotalMilliseconds:0} ms: {seen}");
    }

    [Fact]
    public async Task A_consumer_that_missed_a_notice_is_told_again_by_its_next_heartbeat()
    {
        var path = P("/secrets/missed");
        await Put(path, "v1");
        var lost = Kit.CreateTestProbe(); // where the consumer lived when v2 was written: its notice is lost there
        Beat(path, "svc", 1, lost.Ref);
        await Registered(path, 1);
        await Put(path, "v2");
        Assert.Equal(2, lost.ExpectMsg<RotationNotice>(TimeSpan.FromSeconds(15)).PreferredVersion);

        // The consumer comes back from a new address, still on v1: its heartbeat alone brings the news.
        var consumer = Kit.CreateTestProbe();
        Beat(path, "svc", 1, consumer.Ref);
        var nudge = consumer.ExpectMsg<RotationNotice>(TimeSpan.FromSeconds(15));
        Assert.Equal(2, nudge.PreferredVersion);
        Assert.Equal([2], nudge.ValidVersions);
        // Once it reports the right version, heartbeats are silent again. A heartbeat on v1 from another consumer,
        // handled after it, is nudged: by the time that nudge arrives, one for "svc" would have been sent already.
        Beat(path, "svc", 2, consumer.Ref);
        var other = Kit.CreateTestProbe();
        Beat(path, "other", 1, other.Ref);
        Assert.Equal(2, other.ExpectMsg<RotationNotice>(TimeSpan.FromSeconds(15)).PreferredVersion);
        Assert.False(consumer.HasMessages, "a consumer on the right version was nudged");
    }
}
