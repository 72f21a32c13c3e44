using HarombeActors.Domain.Decisions;

namespace HarombeActors.Domain.Schedules;

/// <summary>
/// How a failed scheduled rotation is tried again. A cycle is <see cref="AttemptsPerCycle"/> attempts, each after a
/// delay that doubles from <see cref="InitialDelay"/> up to <see cref="MaxDelay"/> (each drawn between half and all of
/// it, so secrets that failed together do not retry together); the next cycle starts <see cref="MaxDelay"/> after the
/// last attempt of the one before. When <see cref="Cycles"/> cycles have failed, the secret needs attention and its
/// schedule stops until an operator resumes it or a rotation succeeds.
/// </summary>
public sealed record RetryPolicy
{
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromHours(1);
    public int AttemptsPerCycle { get; init; } = 3;
    public int Cycles { get; init; } = 3;

    public static readonly RetryPolicy Default = new();

    public static readonly TimeSpan MinDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestDelay = TimeSpan.FromDays(7);
    public const int MaxAttempts = 10;

    public Rejection? Validate()
    {
        if (InitialDelay < MinDelay || InitialDelay > LongestDelay) return Rejection.BadInput("schedule.retry.initialDelay", "must be between 1 s and 7 days");
        if (MaxDelay < InitialDelay || MaxDelay > LongestDelay) return Rejection.BadInput("schedule.retry.maxDelay", "must be between the initial delay and 7 days");
        if (AttemptsPerCycle is < 1 or > MaxAttempts) return Rejection.BadInput("schedule.retry.attempts", $"must be between 1 and {MaxAttempts}");
        if (Cycles is < 1 or > MaxAttempts) return Rejection.BadInput("schedule.retry.cycles", $"must be between 1 and {MaxAttempts}");
        return null;
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 of a cycle: doubling, capped, scaled by <paramref name="share"/> into [½, 1].</summary>
    public TimeSpan DelayAfter(int attempt, double share)
    {
        var doubled = InitialDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = doubled < MaxDelay ? doubled : MaxDelay;
        return capped * (0.5 + share / 2);
    }
}
