using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.Schedules;
using HarombeActors.Domain.Values;

namespace HarombeActors.Domain.Tests;

/// <summary>The schedule in the state machine: persisted times, firing once, resetting, retrying, giving up and resuming.</summary>
public class ScheduleDecisionTests
{
    private static readonly RotationSchedule Daily = new() { Expression = "rate(1 days)" };
    private static readonly RotationPolicy Scheduled = Scenario.NoVerify with { Schedule = Daily };

    private static DomainHarness WithSchedule(RotationPolicy policy)
    {
        var h = Scenario.Seeded();
        Assert.Null(h.Send(new SetPolicy(h.Path, policy, DomainHarness.Operator)).Rejection);
        return h;
    }

    private static Decision Tick(DomainHarness h) => h.Send(new ScheduledRotationDue(h.State.Due!.At));

    /// <summary>Moves the clock to the secret's next due time and fires it.</summary>
    private static Decision FireDue(DomainHarness h)
    {
        h.Clock.Advance(h.State.Due!.At - h.Clock.Read());
        return Tick(h);
    }

    [Fact]
    public void Setting_a_schedule_persists_the_next_time_and_answers_it()
    {
        var h = Scenario.Seeded();
        var before = h.Clock.Read();
        var d = h.Send(new SetPolicy(h.Path, Scheduled, DomainHarness.Operator));
        Assert.Equal(["PolicySet", "RotationScheduled"], d.Names());
        var due = h.State.Due!;
        Assert.InRange(due.At, before.AddDays(1), before.AddDays(1).AddSeconds(1));
        Assert.Equal((1, 1), (due.Attempt, due.Cycle));
        Assert.Equal(due.At, Assert.IsType<PolicyAccepted>(d.Reply).NextRotationAt);
    }

    [Fact]
    public void Nothing_fires_before_its_time_and_at_its_time_one_scheduled_rotation_runs_and_counts_the_next_from_its_end()
    {
        var h = WithSchedule(Scheduled);
        Assert.Empty(Tick(h).Events);
        Assert.Null(h.State.Rotation);

        var d = FireDue(h);
        var started = Assert.IsType<RotationStarted>(d.Events[0]);
        Assert.Equal(("scheduled", "scheduler"), (started.Trigger, started.By.Name));
        var completed = Assert.IsType<RotationCompleted>(d.Events.Single(e => e is RotationCompleted));
        Assert.Equal(2, h.State.Current);
        var next = Assert.IsType<RotationScheduled>(d.Events[^1]);
        Assert.Equal(completed.At.AddDays(1), next.DueAt);
        // A stale timer for the time that has passed does nothing.
        Assert.Empty(h.Send(new ScheduledRotationDue(started.At)).Events);
    }

    [Fact]
    public void A_time_missed_many_times_over_fires_once_and_the_next_counts_from_then()
    {
        var h = WithSchedule(Scheduled);
        h.Clock.Advance(TimeSpan.FromDays(10)); // the host was down for ten periods
        var d = Tick(h);
        Assert.Single(d.Events.OfType<RotationStarted>());
        Assert.True(h.State.Due!.At > h.Clock.Read().AddHours(23), "the next time is a day after the catch-up, not a missed one");
        Assert.Empty(Tick(h).Events);
        Assert.Equal(2, h.State.Current);
    }

    [Fact]
    public void A_manual_rotation_resets_the_schedule()
    {
        var h = WithSchedule(Scheduled);
        h.Clock.Advance(TimeSpan.FromHours(20));
        var d = h.Started(Scenario.NoVerify);
        var completed = Assert.IsType<RotationCompleted>(d.Events.Single(e => e is RotationCompleted));
        Assert.Equal(completed.At.AddDays(1), h.State.Due!.At);
        Assert.Contains("manual", h.State.Due.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_due_time_during_a_running_rotation_waits_for_its_end()
    {
        var h = WithSchedule(Scheduled with { Strategy = RotationStrategy.DualWrite });
        Assert.Null(h.Report("svc", 1).Rejection);
        h.Started(Scenario.Policy(RotationStrategy.DualWrite));
        h.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Empty(Tick(h).Events);
        Assert.Single(h.Log.OfType<RotationStarted>());
    }

    [Fact]
    public void Changing_other_fields_keeps_the_time_and_removing_the_schedule_stops_it()
    {
        var h = WithSchedule(Scheduled);
        var due = h.State.Due!.At;
        h.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(["PolicySet"], h.Send(new SetPolicy(h.Path, Scheduled with { MaxRetries = 5 }, DomainHarness.Operator)).Names());
        Assert.Equal(due, h.State.Due!.At);
        Assert.Equal(["PolicySet", "RotationScheduled"],
            h.Send(new SetPolicy(h.Path, Scheduled with { Schedule = Daily with { Expression = "rate(2 days)" } }, DomainHarness.Operator)).Names());
        Assert.Equal(["PolicySet", "ScheduleStopped"], h.Send(new SetPolicy(h.Path, null, DomainHarness.Operator)).Names());
        Assert.Null(h.State.Due);
    }

    [Fact]
    public void A_bad_schedule_is_refused_naming_the_field_and_nothing_is_written()
    {
        var h = Scenario.Seeded();
        var events = h.Log.Count;
        var d = h.Send(new SetPolicy(h.Path, Scenario.NoVerify with { Schedule = new() { Expression = "0 3 * * *", TimeZone = "Nowhere/Town" } }, DomainHarness.Operator));
        d.AssertRejected(RejectionCode.BadInput, "schedule.timeZone: unknown time zone 'Nowhere/Town' (use an IANA id such as UTC or Europe/Berlin)", "schedule.timeZone");
        Assert.Equal(events, h.Log.Count);
    }

    private static readonly RotationPolicy FailingScheduled = Scenario.Policy(RotationStrategy.Staged, verify: true) with
    {
        Schedule = Daily with { Retry = new RetryPolicy { InitialDelay = TimeSpan.FromMinutes(1), MaxDelay = TimeSpan.FromMinutes(10), AttemptsPerCycle = 2, Cycles = 2 } },
    };

    /// <summary>Fires the due rotation and fails its verification.</summary>
    private static void FailDue(DomainHarness h)
    {
        FireDue(h);
        Assert.NotNull(h.State.Rotation);
        h.Verify(Scenario.Failing);
        Assert.Null(h.State.Rotation);
    }

    [Fact]
    public void Failed_scheduled_rotations_back_off_then_the_secret_needs_attention_and_its_schedule_stops()
    {
        var h = WithSchedule(FailingScheduled);
        FailDue(h);
        var retry = h.State.Due!;
        Assert.Equal((2, 1), (retry.Attempt, retry.Cycle));
        var failedAt = h.Log.OfType<RotationFailed>().Last().At;
        Assert.InRange(retry.At - failedAt, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));
        Assert.Contains("login refused", retry.Reason, StringComparison.Ordinal);
        Assert.StartsWith("attempt 1 of 2 (cycle 1 of 2) failed: Verification", retry.Reason, StringComparison.Ordinal);

        FailDue(h);
        var nextCycle = h.State.Due!;
        Assert.Equal((1, 2), (nextCycle.Attempt, nextCycle.Cycle));
        Assert.InRange(nextCycle.At - h.Log.OfType<RotationFailed>().Last().At, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));

        FailDue(h);
        Assert.Equal("scheduled-retry", h.Log.OfType<RotationStarted>().Last().Trigger);
        Assert.Equal((2, 2), (h.State.Due!.Attempt, h.State.Due.Cycle));
        FailDue(h);

        var attention = Assert.IsType<AttentionNeeded>(h.Log[^1]);
        Assert.Equal("4 scheduled attempts failed (2 cycles of 2)", attention.Reason);
        Assert.Contains("login refused", attention.LastError, StringComparison.Ordinal);
        Assert.Null(h.State.Due);
        Assert.NotNull(h.State.Attention);
        Assert.Equal(4, h.Log.OfType<RotationStarted>().Count());
        Assert.Equal(1, h.State.Current); // every failure left the old value current and valid
    }

    [Fact]
    public void Resume_clears_needs_attention_and_restarts_the_schedule_from_now()
    {
        var h = WithSchedule(FailingScheduled with { Schedule = FailingScheduled.Schedule! with { Retry = new() { AttemptsPerCycle = 1, Cycles = 1 } } });
        FailDue(h);
        Assert.NotNull(h.State.Attention);
        var now = h.Clock.Read();
        var d = h.Send(new ResumeSecret(h.Path, DomainHarness.Operator));
        Assert.Equal(["AttentionCleared", "RotationScheduled"], d.Names());
        Assert.Null(h.State.Attention);
        Assert.Equal((1, 1), (h.State.Due!.Attempt, h.State.Due.Cycle));
        Assert.InRange(h.State.Due.At, now.AddDays(1), now.AddDays(1).AddSeconds(1));
        Assert.Equal(h.State.Due.At, Assert.IsType<SecretResumed>(d.Reply).NextRotationAt);
        h.Send(new ResumeSecret(h.Path, DomainHarness.Operator))
            .AssertRejected(RejectionCode.InvalidState, "/secrets/db/password does not need attention; nothing to resume");
    }

    [Fact]
    public void A_successful_rotation_clears_needs_attention()
    {
        var h = WithSchedule(FailingScheduled with { Schedule = FailingScheduled.Schedule! with { Retry = new() { AttemptsPerCycle = 1, Cycles = 1 } } });
        FailDue(h);
        var d = h.Started(Scenario.NoVerify);
        Assert.Contains(d.Events, e => e is AttentionCleared { By.Name: "alice" });
        Assert.Null(h.State.Attention);
        Assert.NotNull(h.State.Due);
    }

    [Fact]
    public void A_scheduled_rotation_that_cannot_start_counts_as_a_failed_attempt()
    {
        var h = WithSchedule(FailingScheduled);
        h.KnownTests.Clear(); // the host no longer has the policy's test: verification is fail-closed
        var d = FireDue(h);
        Assert.Equal(["RotationScheduled"], d.Names());
        Assert.Contains("the rotation could not start: policy.verificationTests: unknown test name(s) db_login", h.State.Due!.Reason, StringComparison.Ordinal);
        Assert.Equal(2, h.State.Due.Attempt);
    }

    [Fact]
    public void A_failed_manual_rotation_leaves_the_schedule_as_it_was()
    {
        var h = WithSchedule(FailingScheduled);
        var due = h.State.Due;
        h.Started(FailingScheduled);
        h.Verify(Scenario.Failing);
        Assert.Equal(due, h.State.Due);
        Assert.Null(h.State.Attention);
    }

    [Fact]
    public void Cancelling_a_scheduled_rotation_is_no_failed_attempt_and_the_schedule_counts_from_then()
    {
        var h = WithSchedule(Scheduled with { Strategy = RotationStrategy.DualWrite });
        Assert.Null(h.Report("svc", 1).Rejection);
        FireDue(h);
        Assert.NotNull(h.State.Rotation);
        var d = h.Send(new CancelRotation(h.Path, DomainHarness.Operator));
        var failedAt = Assert.IsType<RotationFailed>(d.Events.Single(e => e is RotationFailed)).At;
        Assert.Equal((1, 1), (h.State.Due!.Attempt, h.State.Due.Cycle));
        Assert.Equal(failedAt.AddDays(1), h.State.Due.At);
        Assert.Contains("ended by alice", h.State.Due.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schedule_this_host_cannot_compute_stops_with_needs_attention_instead_of_failing()
    {
        var h = Scenario.Seeded();
        // Stored elsewhere, on a host that had the time zone (applied as an event, as a recovery would).
        var foreign = Scenario.NoVerify with { Schedule = Daily with { TimeZone = "Nowhere/Gone" } };
        h.Log.Add(new PolicySet(h.Path, foreign, DomainHarness.Operator, h.Clock.Read()));
        var state = h.State.Apply(h.Log[^1]);
        var decision = SecretDecider.Decide(state, new RotateSecret(h.Path, DomainHarness.Operator), h.Context);
        Assert.Null(decision.Rejection); // the rotation itself is not the schedule's business
        var attention = Assert.IsType<AttentionNeeded>(decision.Events[^1]);
        Assert.Equal("the schedule cannot be computed on this host", attention.Reason);
    }

    [Fact]
    public void Resume_of_a_secret_that_does_not_exist_is_not_found()
    {
        var h = new DomainHarness();
        h.Send(new ResumeSecret(h.Path, DomainHarness.Operator)).AssertRejected(RejectionCode.NotFound, "secret /secrets/db/password does not exist; write it first");
        Assert.Empty(h.Send(new ScheduledRotationDue(DateTimeOffset.UnixEpoch)).Events);
        _ = SecretValue.Create("x");
    }
}
