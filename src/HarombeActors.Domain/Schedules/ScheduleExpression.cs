using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;
using HarombeActors.Domain.Decisions;

namespace HarombeActors.Domain.Schedules;

/// <summary>
/// A parsed schedule expression: <c>rate(N minutes|hours|days)</c> (every N after the last rotation) or a cron
/// expression (5 fields, 6 with seconds, or a macro such as <c>@daily</c>), read by Cronos in the schedule's time zone.
/// </summary>
public abstract partial class ScheduleExpression
{
    public abstract DateTimeOffset Next(DateTimeOffset after, TimeZoneInfo zone);

    /// <summary>The shortest time between two occurrences (jitter must stay below it, or rotations could overtake each other).</summary>
    public abstract TimeSpan ShortestInterval(TimeZoneInfo zone);

    public static ScheduleExpression Parse(string text) =>
        TryParse(text, out var expression) is { } rejection ? throw new DomainValidationException(rejection) : expression!;

    public static Rejection? TryParse(string text, out ScheduleExpression? expression)
    {
        expression = null;
        var trimmed = text.Trim();
        if (trimmed.StartsWith("rate(", StringComparison.OrdinalIgnoreCase))
        {
            var match = RatePattern().Match(trimmed);
            if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                return Rejection.BadInput("schedule.expression", $"'{text}' is not a rate: use rate(N minutes|hours|days) with N at least 1");
            var unit = match.Groups[2].Value.ToLowerInvariant().TrimEnd('s') switch
            {
                "minute" => TimeSpan.FromMinutes(1),
                "hour" => TimeSpan.FromHours(1),
                _ => TimeSpan.FromDays(1),
            };
            if (n > MaxRate.Ticks / unit.Ticks) return Rejection.BadInput("schedule.expression", "a rate must be at most 3650 days");
            expression = new Rate(unit * n);
            return null;
        }
        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            var cron = CronExpression.Parse(trimmed, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            if (cron.GetNextOccurrence(Reference, TimeZoneInfo.Utc) is null)
                return Rejection.BadInput("schedule.expression", $"'{text}' never occurs");
            expression = new Cron(cron);
            return null;
        }
        catch (CronFormatException e)
        {
            return Rejection.BadInput("schedule.expression", $"'{text}' is neither rate(N minutes|hours|days) nor a valid cron expression ({e.Message})");
        }
    }

    private static readonly TimeSpan MaxRate = TimeSpan.FromDays(3650);
    private static readonly DateTimeOffset Reference = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [GeneratedRegex(@"^rate\(\s*(\d{1,9})\s+(minutes?|hours?|days?)\s*\)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RatePattern();

    private sealed class Rate(TimeSpan every) : ScheduleExpression
    {
        public override DateTimeOffset Next(DateTimeOffset after, TimeZoneInfo zone) => after + every;

        public override TimeSpan ShortestInterval(TimeZoneInfo zone) => every;
    }

    private sealed class Cron(CronExpression cron) : ScheduleExpression
    {
        public override DateTimeOffset Next(DateTimeOffset after, TimeZoneInfo zone) =>
            cron.GetNextOccurrence(after, zone) ?? throw new InvalidOperationException("a validated cron expression always occurs again");

        /// <summary>
        /// Measured over a run of occurrences from the start of a year and around each change of the zone's UTC offset in
        /// that year (daylight saving time can bring two occurrences an hour closer than anywhere else).
        /// </summary>
        public override TimeSpan ShortestInterval(TimeZoneInfo zone)
        {
            var starts = new List<DateTimeOffset> { Reference };
            var offset = zone.GetUtcOffset(Reference);
            for (var day = 1; day <= 366; day++)
            {
                var at = Reference.AddDays(day);
                if (zone.GetUtcOffset(at) == offset) continue;
                offset = zone.GetUtcOffset(at);
                starts.Add(at.AddDays(-2));
            }
            var shortest = TimeSpan.MaxValue;
            foreach (var start in starts)
            {
                var previous = cron.GetNextOccurrence(start, zone);
                for (var i = 0; i < 400 && previous is { } p; i++)
                {
                    var next = cron.GetNextOccurrence(p, zone);
                    if (next is { } n && n - p < shortest) shortest = n - p;
                    previous = next;
                }
            }
            return shortest;
        }
    }
}
