using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;

namespace HarombeActors.Domain.Tests;

/// <summary>A consumer belongs to the front-door token that registered it: no other token may report for it.</summary>
public class ConsumerOwnershipTests
{
    private static Decision Observe(DomainHarness h, string id, int version, string? registrant) =>
        h.Send(new ObserveConsumer(ConsumerId.Parse(id), version, ConsumerRole.Client, registrant));

    [Fact]
    public void A_new_consumer_is_registered_to_the_token_it_was_heard_through()
    {
        var h = Scenario.Seeded("old-value");
        var registered = Assert.IsType<ConsumerRegistered>(Assert.Single(Observe(h, "billing-1", 1, "billing").Events));
        Assert.Equal("billing", registered.Registrant);
        Assert.Equal("billing", h.State.Consumers["billing-1"].Registrant);
    }

    [Fact]
    public void Another_token_reporting_a_move_for_it_is_refused_and_a_waiting_dual_write_stays_waiting()
    {
        var h = Scenario.Seeded("old-value");
        Observe(h, "billing-1", 1, "billing");
        h.Started(Scenario.Policy(RotationStrategy.DualWrite));
        Observe(h, "billing-1", 2, "orders").AssertRejected(RejectionCode.Forbidden,
            "consumer 'billing-1' of /secrets/db/password was registered with another token; only that token may speak for it", "consumerId");
        Assert.Equal(1, h.State.Consumers["billing-1"].Version);
        Assert.True(h.State.DualMode);
        // Its own token, and cluster members (no registrant), are heard.
        Assert.Equal(["ConsumerMigrated", "Promoted", "RotationCompleted"], Observe(h, "billing-1", 2, "billing").Names());
        Assert.Equal("billing", h.State.Consumers["billing-1"].Registrant);
    }

    [Fact]
    public void A_consumer_without_an_owner_is_claimed_by_the_first_token_and_its_move_is_still_its_own_event()
    {
        var h = Scenario.Seeded("old-value", "legacy-1");
        Assert.Null(h.State.Consumers["legacy-1"].Registrant);
        Assert.Same(Decision.Nothing, Observe(h, "legacy-1", 1, null));
        var claimed = Observe(h, "legacy-1", 1, "orders");
        Assert.Equal("orders", Assert.IsType<ConsumerRegistered>(Assert.Single(claimed.Events)).Registrant);
        Observe(h, "legacy-1", 1, "billing").AssertRejected(RejectionCode.Forbidden,
            "consumer 'legacy-1' of /secrets/db/password was registered with another token; only that token may speak for it", "consumerId");
        // A cluster member may still speak for it, and the owner is kept.
        h.Started(Scenario.Policy(RotationStrategy.DualWrite));
        Assert.Equal("ConsumerMigrated", Observe(h, "legacy-1", 2, null).Names()[0]);
        Assert.Equal("orders", h.State.Consumers["legacy-1"].Registrant);
    }
}
