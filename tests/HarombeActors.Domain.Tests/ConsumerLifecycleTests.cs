using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;

namespace HarombeActors.Domain.Tests;

/// <summary>Consumers leave the secret's state: expired by the secret when stale long enough, or removed by an operator.</summary>
public class ConsumerLifecycleTests
{
    private static readonly RotationPolicy Dual = Scenario.Policy(RotationStrategy.DualWrite);

    private static Decision Remove(DomainHarness h, string id) => h.Send(new RemoveConsumer(h.Path, ConsumerId.Parse(id), DomainHarness.Operator));

    private static Decision Expire(DomainHarness h, string id) => h.Send(new ExpireConsumer(ConsumerId.Parse(id), "stale for longer than the retention"));

    [Fact]
    public void An_operator_removes_a_consumer_with_an_event_that_names_them()
    {
        var h = Scenario.Seeded("old-value", "pod-a", "pod-b");
        var d = Remove(h, "pod-a");
        var removed = Assert.IsType<ConsumerRemoved>(Assert.Single(d.Events));
        Assert.Equal((ConsumerId.Parse("pod-a"), 1, DomainHarness.Operator), (removed.ConsumerId, removed.Version, removed.By));
        Assert.Equal(new ConsumerRemovalAccepted(h.Path, "pod-a", 1), d.Reply);
        Assert.Equal(["pod-b"], h.State.Consumers.Keys);
    }

    [Fact]
    public void Removing_an_unknown_consumer_or_from_a_missing_secret_is_refused_and_writes_nothing()
    {
        var h = Scenario.Seeded("old-value", "pod-a");
        Remove(h, "pod-z").AssertRejected(RejectionCode.NotFound, "/secrets/db/password has no consumer 'pod-z'");
        new DomainHarness("/secrets/nothing").Send(new RemoveConsumer(SecretPath.Parse("/secrets/nothing"), ConsumerId.Parse("pod-a"), DomainHarness.Operator))
            .AssertRejected(RejectionCode.NotFound, "secret /secrets/nothing does not exist; write it first");
    }

    [Fact]
    public void Removing_the_last_consumer_a_dual_write_waits_for_promotes_it_in_the_same_decision()
    {
        var h = Scenario.Seeded("old-value", "pod-a", "pod-b");
        h.Started(Dual);
        Assert.False(h.Report("pod-a", 2).IsRejected);
        var d = Remove(h, "pod-b");
        Assert.Equal(["ConsumerRemoved", "Promoted", "RotationCompleted"], d.Names());
        // The caller asked for a removal: that is what it hears (the rotation's own watchers hear the outcome).
        Assert.Equal(new ConsumerRemovalAccepted(h.Path, "pod-b", 1), d.Reply);
        Assert.Equal("new-value", h.CurrentValue);
    }

    [Fact]
    public void Only_a_stale_known_consumer_expires()
    {
        var h = Scenario.Seeded("old-value", "pod-a");
        Assert.Same(Decision.Nothing, Expire(h, "pod-a"));
        Assert.Same(Decision.Nothing, Expire(h, "pod-unknown"));
        h.Stale.Add("pod-a");
        var expired = Assert.IsType<ConsumerExpired>(Assert.Single(Expire(h, "pod-a").Events));
        Assert.Equal((1, "stale for longer than the retention"), (expired.Version, expired.Reason));
        Assert.Empty(h.State.Consumers);
        Assert.Same(Decision.Nothing, Expire(h, "pod-a"));
    }

    [Fact]
    public void A_consumer_forgotten_and_back_registers_again()
    {
        var h = Scenario.Seeded("old-value", "pod-a");
        Remove(h, "pod-a");
        Assert.Equal(["ConsumerRegistered"], h.Report("pod-a", 1).Names());
        Assert.Equal(ConsumerRole.Client, h.State.Consumers["pod-a"].Role);
    }
}
