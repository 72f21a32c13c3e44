using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Schedules;
using HarombeActors.Domain.State;

namespace HarombeActors.Domain.Decisions;

// Schedules: the next rotation time is an event (RotationScheduled), so it survives restarts and moves. Every end of a
// rotation reschedules from its own end (a manual rotation resets the schedule); a failed scheduled rotation is retried
// with backoff, and when every retry of every cycle failed the secret needs attention and its schedule stops. A time
// that passed while no host ran the secret fires once when it comes back: the next time is counted from that rotation,
// not from the missed one, so missed periods are never caught up one by one.
public static partial class SecretDecider
{
    public static readonly Principal Scheduler = new("scheduler");
    public const string ScheduledTrigger = "scheduled";
    public const string RetryTrigger = "scheduled-retry";
    private const int MaxReasonLength = 512;

    /// <summary>After a policy change: a new or changed schedule counts from now, an unchanged one keeps its time, none stops it.</summary>
    private static EventBatch ScheduleAfterPolicy(EventBatch batch, Policies.RotationPolicy? before, DecisionContext ctx)
    {
        var s = batch.State;
        var schedule = s.Policy?.Schedule;
        if (schedule is null) return s.Due is null ? batch : batch.Emit(new ScheduleStopped(s.Path, "the policy has no schedule any more", ctx.Clock()));
        if (s.Attention is not null || (s.Due is not null && Equals(schedule, before?.Schedule))) return batch;
        return Next(batch, schedule, ctx.Clock(), "schedule set");
    }

    /// <summary>
    /// After a rotation ended: a success clears needs-attention and counts the schedule from now; a failed scheduled one
    /// is retried or gives up, unless an operator ended it on purpose (<paramref name="endedBy"/>: then the schedule counts
    /// from now). A failed manual rotation leaves the schedule as it was (a time that passed meanwhile fires).
    /// </summary>
    private static EventBatch AfterRotationEnded(EventBatch batch, string trigger, Principal by, string? error, DateTimeOffset now, Principal? endedBy = null)
    {
        var s = batch.State;
        if (error is null && s.Attention is not null) batch.Emit(new AttentionCleared(s.Path, by, $"a {trigger} rotation succeeded", now));
        if (s.Policy?.Schedule is not { } schedule) return batch;
        // Next checks that the schedule can be computed here; so does a failure, before anything reads its window.
        if (error is null) return Next(batch, schedule, now, $"after a {trigger} rotation");
        if (schedule.Computable() is { } broken) return CannotCompute(batch, broken, now);
        if (trigger is not (ScheduledTrigger or RetryTrigger) || s.Attention is not null) return batch;
        if (endedBy is { } operatorEnded) return Next(batch, schedule, now, $"the {trigger} rotation was ended by {operatorEnded}");

        var due = s.Due ?? new DueRotation(now, 1, 1, "");
        var retry = schedule.Retry;
        var failed = Bounded(error);
        if (due.Attempt < retry.AttemptsPerCycle)
        {
            var share = Spread.Fraction(s.Path, now);
            var at = schedule.IntoWindow(now + retry.DelayAfter(due.Attempt, share), share);
            return batch.Emit(new RotationScheduled(s.Path, at, due.Attempt + 1, due.Cycle,
                $"attempt {due.Attempt} of {retry.AttemptsPerCycle} (cycle {due.Cycle} of {retry.Cycles}) failed: {failed}", now));
        }
        if (due.Cycle < retry.Cycles)
        {
            var share = Spread.Fraction(s.Path, now);
            return batch.Emit(new RotationScheduled(s.Path, schedule.IntoWindow(now + retry.MaxDelay, share), 1, due.Cycle + 1,
                $"cycle {due.Cycle} of {retry.Cycles} failed: {failed}", now));
        }
        return batch.Emit(new AttentionNeeded(s.Path,
            $"{retry.AttemptsPerCycle * retry.Cycles} scheduled attempts failed ({retry.Cycles} {(retry.Cycles == 1 ? "cycle" : "cycles")} of {retry.AttemptsPerCycle})", failed, now));
    }

    /// <summary>The scheduled time came: rotate with the stored policy, or count a rotation that cannot start as a failed attempt.</summary>
    private static Decision RotationDue(SecretState state, ScheduledRotationDue c, DecisionContext ctx)
    {
        // A stale timer (the time moved meanwhile), a rotation already running (its end reschedules) or a stopped schedule: nothing.
        if (state.Due is not { } due || due.At != c.DueAt || state.Attention is not null || state.Rotation is not null || ctx.Clock() < due.At)
            return Decision.Nothing;
        var trigger = due is { Attempt: 1, Cycle: 1 } ? ScheduledTrigger : RetryTrigger;
        var started = Rotate(state, new RotateSecret(state.Path, Scheduler, Trigger: trigger, WaitForCompletion: false), ctx);
        if (started.Rejection is not { } refused) return started;
        return Finish(AfterRotationEnded(new EventBatch(state), trigger, Scheduler, "the rotation could not start: " + refused.Message, ctx.Clock()));
    }

    /// <summary>
    /// The schedule's next regular time from <paramref name="now"/>. A schedule this host cannot compute (its time zone
    /// is missing here) stops with needs-attention instead of failing the decision.
    /// </summary>
    private static EventBatch Next(EventBatch batch, RotationSchedule schedule, DateTimeOffset now, string reason)
    {
        var s = batch.State;
        if (schedule.Computable() is { } broken) return CannotCompute(batch, broken, now);
        return batch.Emit(new RotationScheduled(s.Path, schedule.NextAfter(now, s.Path), 1, 1, reason, now));
    }

    private static EventBatch CannotCompute(EventBatch batch, Rejection broken, DateTimeOffset now) =>
        batch.Emit(new AttentionNeeded(batch.State.Path, "the schedule cannot be computed on this host", broken.Message, now));

    private static Decision Resume(SecretState state, ResumeSecret c, DecisionContext ctx)
    {
        if (!state.Exists) return Decision.Reject(NotFound(state));
        if (state.Attention is null)
            return Decision.Reject(new Rejection(RejectionCode.InvalidState, $"{state.Path} does not need attention; nothing to resume"));
        var now = ctx.Clock();
        var batch = new EventBatch(state).Emit(new AttentionCleared(state.Path, c.By, $"resumed by {c.By}", now));
        if (state.Policy?.Schedule is { } schedule) Next(batch, schedule, now, $"resumed by {c.By}");
        return new Decision(batch.Events, new SecretResumed(state.Path, batch.State.Due?.At), null);
    }

    private static string Bounded(string text) => text.Length <= MaxReasonLength ? text : text[..(MaxReasonLength - 1)] + "…";
}
