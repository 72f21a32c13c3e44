using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Values;
using static HarombeActors.Domain.Tests.Scenario;

namespace HarombeActors.Domain.Tests;

/// <summary>
/// A rotate or write sent again with the same request id (its first answer was lost while a shard moved) changes
/// nothing: it is answered with the rotation that request started (or its result), or the version it wrote.
/// </summary>
public class RepeatedRequestTests
{
    private static Decision Write(DomainHarness h, string requestId, string value) =>
        h.Send(new WriteSecret(h.Path, SecretValue.Create(value), DomainHarness.Operator, requestId));

    [Fact]
    public void A_repeated_write_answers_the_version_it_wrote_and_writes_nothing()
    {
        var h = new DomainHarness();
        var first = Assert.IsType<Replies.SecretWriteAccepted>(Write(h, "put-1", "first-value").Reply);
        var events = h.Log.Count;

        var repeat = Write(h, "put-1", "first-value");

        Assert.Empty(repeat.Events);
        Assert.Equal(first, repeat.Reply);
        Assert.Equal(events, h.Log.Count);
        // Another value under the same id is still the same request: its first delivery is what counts.
        Assert.Equal(first, Write(h, "put-1", "other-value").Reply);
        Assert.Equal("first-value", h.CurrentValue);
        Assert.Equal(2, Assert.IsType<Replies.SecretWriteAccepted>(Write(h, "put-2", "second-value").Reply).Version);
    }

    [Fact]
    public void A_change_without_request_id_forgets_the_last_one()
    {
        var h = new DomainHarness();
        Write(h, "put-1", "first-value");
        h.Write("plain-value");
        Assert.Null(h.State.LastRequest);
        Assert.Equal(3, Assert.IsType<Replies.SecretWriteAccepted>(Write(h, "put-1", "first-value").Reply).Version);
    }

    [Fact]
    public void The_latest_requests_id_on_another_kind_of_change_is_refused_naming_the_field()
    {
        var h = Seeded();
        Write(h, "req-1", "written-value");
        Rotate(h, "req-1", Policy(RotationStrategy.Immediate)).AssertRejected(RejectionCode.BadInput,
            "requestId: was used for the latest write; a rotation needs another", "requestId");
        Rotate(h, "req-2", Policy(RotationStrategy.Immediate));
        Write(h, "req-2", "another-value").AssertRejected(RejectionCode.BadInput,
            "requestId: was used for the latest rotation; a write needs another", "requestId");
    }

    private static Decision Rotate(DomainHarness h, string requestId, RotationPolicy policy, string value = "new-value") =>
        h.Send(new RotateSecret(h.Path, DomainHarness.Operator, policy, SecretValue.Create(value), RequestId: requestId));

    [Fact]
    public void A_repeat_while_the_rotation_runs_writes_nothing_and_leaves_that_rotation_in_flight()
    {
        var h = Seeded("old-value", "svc-a");
        var first = Rotate(h, "req-1", Policy(RotationStrategy.DualWrite));
        Assert.Equal("req-1", Assert.IsType<RotationStarted>(first.Events[0]).RequestId);
        var rotation = h.State.Rotation!.Id;

        var repeat = Rotate(h, "req-1", Policy(RotationStrategy.DualWrite), "another-value");

        Assert.Equal(Decision.Nothing, repeat);
        Assert.Equal(rotation, h.State.Rotation!.Id);
        Assert.Equal("new-value", h.ValueOf(h.State.Pending));
    }

    [Fact]
    public void A_repeat_after_the_rotation_ended_is_answered_with_its_result()
    {
        var h = Seeded();
        var first = Rotate(h, "req-1", Policy(RotationStrategy.Immediate));
        var events = h.Log.Count;

        var repeat = Rotate(h, "req-1", Policy(RotationStrategy.Immediate), "another-value");

        Assert.Empty(repeat.Events);
        Assert.Equal(first.Outcome(), repeat.Outcome());
        Assert.Equal(events, h.Log.Count);
        Assert.Equal("new-value", h.CurrentValue);
    }

    [Fact]
    public void Another_request_id_is_another_rotation()
    {
        var h = Seeded();
        Rotate(h, "req-1", Policy(RotationStrategy.Immediate));
        var second = Rotate(h, "req-2", Policy(RotationStrategy.Immediate), "second-value");
        Assert.True(second.Outcome().Success);
        Assert.Equal("second-value", h.CurrentValue);
        Assert.Equal(3, h.State.Current);
    }

    [Fact]
    public void A_rotation_without_request_id_forgets_the_last_one_and_only_the_latest_request_is_repeatable()
    {
        var h = Seeded();
        Rotate(h, "req-1", Policy(RotationStrategy.Immediate));
        var first = h.State.LastResult!.RotationId;
        h.Rotate(NoVerify with { Strategy = RotationStrategy.Immediate }, "later-value");

        // The later rotation had no request id, so the old one is forgotten: a repeat now is a new rotation.
        Assert.Null(h.State.LastRequest);
        Rotate(h, "req-3", Policy(RotationStrategy.Immediate), "third-value");
        Rotate(h, "req-4", Policy(RotationStrategy.Immediate), "fourth-value");
        var late = Rotate(h, "req-4", Policy(RotationStrategy.Immediate), "fifth-value");
        Assert.True(late.Outcome().Success);
        Assert.Equal("fourth-value", h.CurrentValue);
        Assert.NotEqual(first, h.State.LastResult!.RotationId);
    }

    [Fact]
    public void A_repeat_after_a_failed_rotation_or_a_rollback_answers_the_requests_own_result_and_changes_nothing()
    {
        var h = Seeded();
        Rotate(h, "req-1", Policy(RotationStrategy.Staged, verify: true));
        var rotation = h.State.Rotation!.Id;
        h.Verify(Failing);
        Assert.Null(h.State.Rotation);

        var repeat = Rotate(h, "req-1", Policy(RotationStrategy.Staged, verify: true));
        Assert.False(repeat.Outcome().Success);
        Assert.Equal(rotation.Value, repeat.Outcome().RotationId);

        // A rollback after the request's rotation is an operator's later act: the repeat does not undo it.
        Rotate(h, "req-2", Policy(RotationStrategy.Immediate));
        h.Rollback();
        var events = h.Log.Count;
        Assert.True(Rotate(h, "req-2", Policy(RotationStrategy.Immediate), "again").Outcome().Success);
        Assert.Equal(events, h.Log.Count);
        Assert.Equal("old-value", h.CurrentValue);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("new\nline")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123x")]
    public void A_malformed_request_id_is_refused_naming_the_field(string requestId)
    {
        const string rule = "requestId: must be 1 to 64 letters, digits, '-', '_', '.' or ':'";
        Rotate(Seeded(), requestId, Policy(RotationStrategy.Immediate)).AssertRejected(RejectionCode.BadInput, rule, "requestId");
        Write(Seeded(), requestId, "new-value").AssertRejected(RejectionCode.BadInput, rule, "requestId");
    }

    [Fact]
    public void A_repeated_rollback_answers_as_the_first_did_and_does_not_roll_back_again()
    {
        var h = Seeded();
        h.Started(NoVerify);
        var first = h.Send(new RollbackSecret(h.Path, DomainHarness.Operator, "bad deploy", "undo-1"));
        Assert.Equal("RequestRecorded", first.Names()[^1]);
        Assert.Equal(1, h.State.Current);
        var events = h.Log.Count;

        var repeat = h.Send(new RollbackSecret(h.Path, DomainHarness.Operator, "bad deploy", "undo-1"));
        Assert.Empty(repeat.Events);
        Assert.Equal(first.Outcome(), repeat.Outcome());
        Assert.Equal((1, events), (h.State.Current, h.Log.Count)); // not swapped back to v2

        // Without an id (or with another) a rollback is a new one, and undoes the first.
        h.Send(new RollbackSecret(h.Path, DomainHarness.Operator, "again", "undo-2"));
        Assert.Equal(2, h.State.Current);
    }

    [Fact]
    public void A_repeated_cancel_or_promote_answers_as_the_first_did_after_the_rotation_is_gone()
    {
        var h = Seeded("old-value", "svc");
        h.Started(Policy(RotationStrategy.DualWrite));
        var cancelled = h.Send(new CancelRotation(h.Path, DomainHarness.Operator, "stop-1"));
        Assert.Null(h.State.Rotation);
        var repeat = h.Send(new CancelRotation(h.Path, DomainHarness.Operator, "stop-1"));
        Assert.Empty(repeat.Events);
        Assert.Equal(cancelled.Outcome(), repeat.Outcome()); // without the id: "no rotation in progress"
        Assert.NotNull(h.Send(new CancelRotation(h.Path, DomainHarness.Operator)).Rejection);

        h.Started(Policy(RotationStrategy.DualWrite));
        var promoted = h.Send(new PromoteRotation(h.Path, DomainHarness.Operator, "go-1"));
        Assert.True(promoted.Outcome().Success);
        Assert.Equal(promoted.Outcome(), h.Send(new PromoteRotation(h.Path, DomainHarness.Operator, "go-1")).Outcome());
        Assert.Equal(3, h.State.Current);
        // A rotate request repeated after its rotation was promoted is still answered with that rotation.
        var rotated = h.Send(new RotateSecret(h.Path, DomainHarness.Operator, Policy(RotationStrategy.DualWrite), SecretValue.Create("v4-value"), RequestId: "rot-1"));
        h.Send(new PromoteRotation(h.Path, DomainHarness.Operator, "go-2"));
        var again = h.Send(new RotateSecret(h.Path, DomainHarness.Operator, Policy(RotationStrategy.DualWrite), SecretValue.Create("v5-value"), RequestId: "rot-1"));
        Assert.Empty(again.Events);
        Assert.Equal(h.State.LastResult, again.Outcome());
        Assert.Single(rotated.Events.OfType<RotationStarted>());
    }

    [Fact]
    public void A_request_id_used_for_one_verb_is_refused_for_another_and_a_refusal_records_nothing()
    {
        var h = Seeded();
        h.Started(NoVerify);
        h.Send(new RollbackSecret(h.Path, DomainHarness.Operator, "undo", "id-1"));
        h.Send(new PromoteRotation(h.Path, DomainHarness.Operator, "id-1"))
            .AssertRejected(RejectionCode.BadInput, "requestId: was used for the latest rollback; a promote needs another", "requestId");
        // A cancel with nothing to cancel is refused and records no id: the same id later is a new request.
        h.Send(new CancelRotation(h.Path, DomainHarness.Operator, "id-2")).AssertRejected(RejectionCode.InvalidState, "no rotation of /secrets/db/password is in progress");
        Assert.Equal("id-1", h.State.LastVerbRequest!.RequestId);
    }
}
