using System.Globalization;

namespace HarombeActors.Cli;

/// <summary>Parses "300s", "5m", "1h", "2d", "250ms" or a bare number of seconds.</summary>
public static class Durations
{
    /// <summary>A short reading of a span: 850 ms, 4.2 s, 3 min 20 s, 2 h 5 min.</summary>
    public static string Format(TimeSpan t) => t switch
    {
        { TotalSeconds: < 1 } => $"{t.TotalMilliseconds:0} ms",
        { TotalMinutes: < 1 } => $"{t.TotalSeconds:0.#} s",
        { TotalHours: < 1 } => $"{(int)t.TotalMinutes} min {t.Seconds} s",
        _ => $"{(int)t.TotalHours} h {t.Minutes} min",
    };

    public static TimeSpan Parse(string raw, string option, int maxDays = 1)
    {
        var text = raw.Trim().ToLowerInvariant();
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : text.EndsWith('d') ? (text[..^1], 86400.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || double.IsInfinity(value))
            throw CliException.BadInput($"{option}: '{raw}' is not a duration (use 300s, 5m, 1h, 2d or 250ms)");
        if (value < 0) throw CliException.BadInput($"{option}: must not be negative");
        if (value * unit > TimeSpan.FromDays(maxDays).TotalSeconds) throw CliException.BadInput($"{option}: must be at most {(maxDays == 1 ? "24h" : $"{maxDays}d")}");
        return TimeSpan.FromSeconds(value * unit);
    }
}
