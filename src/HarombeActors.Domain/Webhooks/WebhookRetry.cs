namespace HarombeActors.Domain.Webhooks;

/// <summary>
/// When a failed delivery is tried again: the delay doubles from <see cref="Initial"/> up to <see cref="Max"/>, each
/// drawn between half and all of it (so receivers that failed together are not hit together again), and the delivery
/// gives up after <see cref="MaxAttempts"/> attempts or once <see cref="GiveUpAfter"/> has passed since the first.
/// </summary>
public sealed record WebhookRetry(TimeSpan Initial, TimeSpan Max, int MaxAttempts, TimeSpan GiveUpAfter)
{
    public static readonly WebhookRetry Default = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), 12, TimeSpan.FromHours(1));

    /// <summary>The delay after failed attempt <paramref name="attempt"/> (1-based); <paramref name="sample"/> in [0, 1) picks the jitter.</summary>
    public TimeSpan DelayAfter(int attempt, double sample)
    {
        var full = Math.Min(Initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)), Max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(full * (0.5 + 0.5 * Math.Clamp(sample, 0, 1)));
    }

    /// <summary>Whether another attempt may follow attempt <paramref name="attempt"/>, which failed at <paramref name="now"/>.</summary>
    public bool TriesAgain(int attempt, DateTimeOffset firstAttemptAt, DateTimeOffset now, double sample) =>
        attempt < MaxAttempts && now + DelayAfter(attempt, sample) - firstAttemptAt <= GiveUpAfter;
}
