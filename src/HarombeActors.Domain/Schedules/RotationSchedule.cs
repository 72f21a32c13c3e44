using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Ids;

namespace HarombeActors.Domain.Schedules;

/// <summary>
/// When a secret rotates by itself: <see cref="Expression"/> (<c>rate(N minutes|hours|days)</c> or a cron expression),
/// optionally only inside a daily <see cref="Window"/> (<c>HH:MM-HH:MM</c> in <see cref="TimeZone"/>), spread by up to
/// <see cref="Jitter"/> so secrets that share a schedule do not all rotate at the same instant. Part of the policy, so it
/// is persisted with it; every field is checked by <see cref="Validate"/> before anything is written.
/// </summary>
public sealed record RotationSchedule
{
    public required string Expression { get; init; }
    public string? Window { get; init; }
    /// <summary>An IANA time zone id; the cron expression and the window are read in it.</summary>
    public string TimeZone { get; init; } = "UTC";
    public TimeSpan Jitter { get; init; }
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    public const int MaxExpressionLength = 128;
    /// <summary>Every rotation writes events and keeps a version: a schedule may not rotate more often than this.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(1);

    public Rejection? Validate()
    {
        if (string.IsNullOrWhiteSpace(Expression) || Expression.Length > MaxExpressionLength)
            return Rejection.BadInput("schedule.expression", $"must be 1 to {MaxExpressionLength} characters");
        if (ScheduleExpression.TryParse(Expression, out var expression) is { } badExpression) return badExpression;
        if (ScheduleZone.TryFind(TimeZone, out var zone) is { } badZone) return badZone;
        if (Window is not null && DailyWindow.TryParse(Window, out _) is { } badWindow) return badWindow;
        if (Jitter < TimeSpan.Zero) return Rejection.BadInput("schedule.jitter", "must not be negative");
        var interval = expression!.ShortestInterval(zone!);
        if (interval < MinInterval)
            return Rejection.BadInput("schedule.expression", $"'{Expression}' rotates every {Durations.Format(interval)}; a schedule may rotate at most once a minute");
        if (Jitter >= interval)
            return Rejection.BadInput("schedule.jitter", $"must be shorter than the schedule's interval ({Durations.Format(interval)}; got {Durations.Format(Jitter)})");
        return Retry.Validate();
    }

    /// <summary>
    /// Whether this host can compute the schedule's times at all (its expression parses, its time zone is known here): a
    /// schedule validated where it was set may meet a host without its time zone. Cheaper than <see cref="Validate"/>.
    /// </summary>
    public Rejection? Computable() => ScheduleExpression.TryParse(Expression, out _) ?? ScheduleZone.TryFind(TimeZone, out _);

    /// <summary>
    /// The first rotation time after <paramref name="after"/>: the expression's next occurrence, plus this secret's share of
    /// the jitter, moved into the window when it falls outside (into the next window's start, plus a share of the jitter
    /// that keeps it inside the window). Deterministic: the share is drawn from the path and the occurrence, so the same
    /// state always yields the same time, and secrets on one schedule spread evenly.
    /// </summary>
    public DateTimeOffset NextAfter(DateTimeOffset after, SecretPath path)
    {
        var zone = ScheduleZone.Find(TimeZone);
        var occurrence = ScheduleExpression.Parse(Expression).Next(after, zone);
        var share = Spread.Fraction(path, occurrence);
        return IntoWindow(occurrence + Jitter * share, share, zone);
    }

    /// <summary><paramref name="time"/> itself when inside the window (or there is none); else a time inside the next window.</summary>
    public DateTimeOffset IntoWindow(DateTimeOffset time, double share) => IntoWindow(time, share, ScheduleZone.Find(TimeZone));

    private DateTimeOffset IntoWindow(DateTimeOffset time, double share, TimeZoneInfo zone)
    {
        if (Window is null) return time;
        var window = DailyWindow.Parse(Window);
        var start = window.NextOpening(time, zone);
        if (start <= time) return time;
        var spread = Jitter < window.Length ? Jitter : window.Length;
        return start + spread * share;
    }
}
