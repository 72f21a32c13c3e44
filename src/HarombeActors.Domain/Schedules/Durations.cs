namespace HarombeActors.Domain.Schedules;

/// <summary>Durations as people write them in messages: 90s, 5m, 1h30m, 2d.</summary>
public static class Durations
{
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1)) return $"{span.TotalMilliseconds:0}ms";
        var parts = new List<string>();
        if (span.Days > 0) parts.Add($"{span.Days}d");
        if (span.Hours > 0) parts.Add($"{span.Hours}h");
        if (span.Minutes > 0) parts.Add($"{span.Minutes}m");
        if (span.Seconds > 0) parts.Add($"{span.Seconds}s");
        return string.Concat(parts);
    }
}
