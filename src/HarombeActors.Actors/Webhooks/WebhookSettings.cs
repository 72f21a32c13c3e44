using HarombeActors.Actors.Configuration;
using HarombeActors.Domain.Webhooks;

namespace HarombeActors.Actors.Webhooks;

/// <summary>The webhook registry's tunables, checked once from <see cref="WebhookOptions"/>; tests register their own (short retries).</summary>
public sealed record WebhookSettings(TimeSpan AttemptTimeout, WebhookRetry Retry, int MaxInFlight)
{
    public static readonly WebhookSettings Default = From(new WebhookOptions());

    /// <summary>
    /// Deliveries to one webhook waiting for a slot; beyond it a delivery is recorded as failed at once (a receiver that
    /// far behind is down). Small enough that every webhook at its limit together stays below the registry's own bound
    /// (100 x (900 + 64) &lt; 100,000), so dead receivers never stop the reading for the others.
    /// </summary>
    public int MaxWaiting { get; init; } = 900;

    /// <summary>How often the registry saves its offset and records when something changed.</summary>
    public TimeSpan SaveEvery { get; init; } = TimeSpan.FromSeconds(5);

    public static WebhookSettings From(WebhookOptions o)
    {
        static TimeSpan Positive(TimeSpan value, string name) =>
            value > TimeSpan.Zero ? value : throw new HarombeConfigurationException($"Harombe:Webhooks:{name}: must be positive (got {value})");
        var retry = new WebhookRetry(Positive(o.RetryInitial, nameof(o.RetryInitial)), Positive(o.RetryMax, nameof(o.RetryMax)),
            o.MaxAttempts >= 1 ? o.MaxAttempts : throw new HarombeConfigurationException($"Harombe:Webhooks:MaxAttempts: must be at least 1 (got {o.MaxAttempts})"),
            Positive(o.GiveUpAfter, nameof(o.GiveUpAfter)));
        return new WebhookSettings(Positive(o.AttemptTimeout, nameof(o.AttemptTimeout)), retry,
            o.MaxInFlight >= 1 ? o.MaxInFlight : throw new HarombeConfigurationException($"Harombe:Webhooks:MaxInFlight: must be at least 1 (got {o.MaxInFlight})"));
    }
}
