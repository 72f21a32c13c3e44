using Akka.Actor;
using Akka.Event;
using HarombeActors.Actors.Consumers;
using HarombeActors.Actors.Tests.Support;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;

namespace HarombeActors.Actors.Tests;

/// <summary>
/// Consumers do not stay forever: one stale past the retention expires, an operator removes one at once, a full secret
/// makes room by itself, and one front-door token cannot register consumers without limit. The node caps a secret at 3
/// consumers, keeps stale ones 1 h and lets a token register 2 at once, then 1 per minute; its clock is moved by hand.
/// </summary>
public class ConsumerLifecycleTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    private const int Cap = 3;
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    // Short, so the consumers' staleness checks (four per staleAfter) run often; the clock jumps far past it anyway.
    private static readonly RotationPolicy QuickStale = new() { Strategy = RotationStrategy.DualWrite, RequireVerification = false, StaleAfter = TimeSpan.FromSeconds(1), MigrationTimeout = TimeSpan.FromHours(1) };

    protected override TestNode CreateNode() => new(null, AcceptsGood, Gate)
    {
        Settings = s => s with { MaxConsumers = Cap, ConsumerRetention = Retention, Registrations = new RegistrationLimit(2, 1) },
    };

    private Task<object> AckedBeat(SecretPath path, string consumer, string? registrant = null) =>
        Node.Region.Ask<object>(new Heartbeat(path, consumer, 1, DateTimeOffset.UtcNow, null, ConsumerRole.Client, Ack: true, registrant), AskTimeout);

    private async Task<IReadOnlyList<string>> Listed(SecretPath path) => [.. (await Ask<ConsumerList>(new GetConsumers(path))).Consumers.Select(c => c.ConsumerId)];

    private async Task<SecretPath> WithQuickStaleness(string raw)
    {
        var path = P(raw);
        await Put(path, "lifecycle-1");
        await Ask<PolicyAccepted>(new SetPolicy(path, QuickStale, Alice));
        return path;
    }

    [Fact]
    public async Task A_consumer_stale_past_the_retention_expires_and_comes_back_with_its_next_heartbeat()
    {
        var path = await WithQuickStaleness("/life/expiry");
        Assert.IsType<HeartbeatAccepted>(await AckedBeat(path, "pod-7f9c"));

        Node.Clock.Advance(Retention + TimeSpan.FromMinutes(1));
        var expired = (await JournalWith(path, e => e is ConsumerExpired)).OfType<ConsumerExpired>().Single();
        Assert.Equal(("pod-7f9c", 1), (expired.ConsumerId.Value, expired.Version));
        Assert.Contains("retention", expired.Reason);
        Assert.Empty(await Listed(path));
        var history = await Ask<SecretHistory>(new GetHistory(path));
        Assert.Contains(history.Events, e => e.Type == "ConsumerExpired" && e.Summary.StartsWith("consumer pod-7f9c (last on v1) forgotten", StringComparison.Ordinal));

        Assert.IsType<HeartbeatAccepted>(await AckedBeat(path, "pod-7f9c"));
        Assert.Equal(["pod-7f9c"], await Listed(path));
        Assert.Equal(2, (await Journal(path)).Count(e => e is ConsumerRegistered));
    }

    [Fact]
    public async Task An_operator_removes_a_consumer_at_once_and_a_running_one_registers_again_without_a_restart()
    {
        var path = P("/life/remove");
        await Put(path, "lifecycle-1");
        var errors = Kit.CreateTestProbe();
        Node.System.EventStream.Subscribe(errors.Ref, typeof(Error));
        Assert.IsType<HeartbeatAccepted>(await AckedBeat(path, "decommissioned"));
        Assert.IsType<HeartbeatAccepted>(await AckedBeat(path, "kept"));

        var removed = await Ask<ConsumerRemovalAccepted>(new RemoveConsumer(path, ConsumerId.Parse("decommissioned"), Alice));
        Assert.Equal(1, removed.RemainingConsumers);
        Assert.Equal(["kept"], await Listed(path));
        var e = (await Journal(path)).OfType<ConsumerRemoved>().Single();
        Assert.Equal(("decommissioned", Alice), (e.ConsumerId.Value, e.By));

        // At once, while its old child may still be stopping: no name clash, no restart of the secret.
        Assert.IsType<HeartbeatAccepted>(await AckedBeat(path, "decommissioned"));
        Assert.Equal(["decommissioned", "kept"], await Listed(path));
        var rejected = await Ask<CommandRejected>(new RemoveConsumer(path, ConsumerId.Parse("never-seen"), Alice));
        Assert.Equal(RejectionCode.NotFound, rejected.Rejection.Code);
        errors.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Removing_the_consumer_a_dual_write_waits_for_completes_it_and_its_requester_hears_the_outcome()
    {
        var path = P("/life/unblock");
        await Put(path, "lifecycle-1");
        Assert.IsType<HeartbeatAccepted>(await AckedBeat(path, "gone-for-good"));
        var waiter = Kit.CreateTestProbe();
        Node.Region.Tell(new RotateSecret(path, Alice, QuickStale with { StaleAfter = NeverStale }, SecretValue.Create("lifecycle-2")), waiter.Ref);
        await Kit.AwaitAssertAsync(async () => Assert.Equal("waiting-for-consumers", (await Ask<SecretStatus>(new GetStatus(path))).Rotation?.Phase));

        await Ask<ConsumerRemovalAccepted>(new RemoveConsumer(path, ConsumerId.Parse("gone-for-good"), Alice));
        var outcome = waiter.ExpectMsg<RotationOutcome>(TimeSpan.FromSeconds(15)).Result;
        Assert.True(outcome.Success);
        Assert.Equal("lifecycle-2", await Reveal(path));
    }

    [Fact]
    public async Task A_full_secret_makes_room_by_forgetting_its_longest_stale_consumer()
    {
        var path = await WithQuickStaleness("/life/full");
        for (var i = 1; i <= Cap; i++) Assert.IsType<HeartbeatAccepted>(await AckedBeat(path, $"old-{i}"));
        // Stale, though far from the retention.
        Node.Clock.Advance(TimeSpan.FromSeconds(5));
        await Kit.AwaitAssertAsync(async () =>
            Assert.All((await Ask<ConsumerList>(new GetConsumers(path))).Consumers, c => Assert.Equal(MigrationStatus.Stale, c.MigrationStatus)));

        Assert.IsType<HeartbeatAccepted>(await AckedBeat(path, "newcomer"));
        var expired = (await JournalWith(path, e => e is ConsumerExpired)).OfType<ConsumerExpired>().Single();
        Assert.Contains("was full", expired.Reason);
        var listed = await Listed(path);
        Assert.Equal(Cap, listed.Count);
        Assert.Contains("newcomer", listed);
        Assert.DoesNotContain(expired.ConsumerId.Value, listed);
    }

    [Fact]
    public async Task A_full_secret_of_live_consumers_still_refuses_a_newcomer()
    {
        var path = P("/life/full-live");
        await Put(path, "lifecycle-1");
        for (var i = 1; i <= Cap; i++) Assert.IsType<HeartbeatAccepted>(await AckedBeat(path, $"live-{i}"));
        var refused = Assert.IsType<HeartbeatRejected>(await AckedBeat(path, "newcomer"));
        Assert.Equal(RejectionCode.InvalidState, refused.Rejection.Code);
        Assert.DoesNotContain(await Journal(path), e => e is ConsumerExpired);
    }

    [Fact]
    public async Task One_token_registers_a_burst_then_one_per_minute_and_other_tokens_and_members_are_not_held_up()
    {
        var path = P("/life/throttle");
        await Put(path, "lifecycle-1");
        Assert.IsType<HeartbeatAccepted>(await AckedBeat(path, "pod-1", "payments"));
        Assert.IsType<HeartbeatAccepted>(await AckedBeat(path, "pod-2", "payments"));
        var throttled = Assert.IsType<HeartbeatRejected>(await AckedBeat(path, "pod-3", "payments"));
        Assert.Equal(RejectionCode.Throttled, throttled.Rejection.Code);
        Assert.Contains("token 'payments'", throttled.Rejection.Message);
        // Known consumers of the same token are not new: they keep heartbeating.
        Assert.IsType<HeartbeatAccepted>(await AckedBeat(path, "pod-1", "payments"));
        Assert.Equal(["pod-1", "pod-2"], await Listed(path));

        Node.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.IsType<HeartbeatAccepted>(await AckedBeat(path, "pod-3", "payments"));
        Assert.Equal(3, (await Journal(path)).Count(e => e is ConsumerRegistered));
    }

    [Fact]
    public async Task Throttling_is_per_token()
    {
        var path = P("/life/tokens");
        await Put(path, "lifecycle-1");
        Assert.IsType<HeartbeatAccepted>(await AckedBeat(path, "a-1", "payments"));
        Assert.IsType<HeartbeatAccepted>(await AckedBeat(path, "a-2", "payments"));
        Assert.IsType<HeartbeatRejected>(await AckedBeat(path, "a-3", "payments"));
        Assert.IsType<HeartbeatAccepted>(await AckedBeat(path, "b-1", "billing"));
    }

    [Fact]
    public async Task A_cluster_member_is_trusted_and_never_throttled()
    {
        var path = P("/life/members");
        await Put(path, "lifecycle-1");
        for (var i = 1; i <= Cap; i++) Assert.IsType<HeartbeatAccepted>(await AckedBeat(path, $"member-{i}"));
    }
}
