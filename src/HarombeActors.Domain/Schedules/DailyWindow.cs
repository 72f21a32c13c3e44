using System.Globalization;
using HarombeActors.Domain.Decisions;

namespace HarombeActors.Domain.Schedules;

/// <summary>
/// A daily maintenance window <c>HH:MM-HH:MM</c> in the schedule's time zone, start inclusive, end exclusive. One that
/// ends before it starts is refused rather than guessed at (a night over midnight, or a typo?).
/// </summary>
public sealed record DailyWindow(TimeOnly Start, TimeOnly End)
{
    public TimeSpan Length => End - Start;

    public static Rejection? TryParse(string text, out DailyWindow? window)
    {
        window = null;
        var parts = text.Split('-');
        if (parts.Length != 2
            || !TimeOnly.TryParseExact(parts[0].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(parts[1].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            return Rejection.BadInput("schedule.window", $"'{text}' is not a window: use HH:MM-HH:MM, for example 02:00-04:00");
        if (end <= start)
            return Rejection.BadInput("schedule.window", $"'{text}' ends before it starts (a window must start and end on the same day)");
        window = new DailyWindow(start, end);
        return null;
    }

    public static DailyWindow Parse(string text) =>
        TryParse(text, out var window) is { } rejection ? throw new DomainValidationException(rejection) : window!;

    /// <summary><paramref name="time"/> when it is inside the window, else when the window next opens (in <paramref name="zone"/>'s local time).</summary>
    public DateTimeOffset NextOpening(DateTimeOffset time, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(time, zone);
        var timeOfDay = TimeOnly.FromTimeSpan(local.TimeOfDay);
        if (timeOfDay >= Start && timeOfDay < End) return time;
        var day = timeOfDay < Start ? local.Date : local.Date.AddDays(1);
        while (true)
        {
            // A start that daylight saving time skips that day opens at the first valid minute after it; a window the
            // skipped hour swallows whole does not open that day.
            var opening = day + Start.ToTimeSpan();
            while (zone.IsInvalidTime(opening) && TimeOnly.FromDateTime(opening) < End) opening = opening.AddMinutes(1);
            if (!zone.IsInvalidTime(opening) && TimeOnly.FromDateTime(opening) < End) return new DateTimeOffset(opening, zone.GetUtcOffset(opening));
            day = day.AddDays(1);
        }
    }
}
