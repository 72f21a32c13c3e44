namespace HarombeActors.Actors.Configuration;

/// <summary>Harombe:Webhooks: how deliveries are tried (defaults: 10 s per attempt, retries from 1 s doubling to 5 min, at most 12 attempts within an hour).</summary>
public sealed class WebhookOptions
{
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryInitial { get; set; } = Domain.Webhooks.WebhookRetry.Default.Initial;
    public TimeSpan RetryMax { get; set; } = Domain.Webhooks.WebhookRetry.Default.Max;
    public int MaxAttempts { get; set; } = Domain.Webhooks.WebhookRetry.Default.MaxAttempts;
    public TimeSpan GiveUpAfter { get; set; } = Domain.Webhooks.WebhookRetry.Default.GiveUpAfter;
    /// <summary>Deliveries to one webhook being tried at once; more wait their turn in order (one slow receiver never holds up another's).</summary>
    public int MaxInFlight { get; set; } = 64;
}
