using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Values;

namespace HarombeActors.Domain.Webhooks;

/// <summary>What the webhook registry persists (under its own persistence id): webhooks added and removed, and every delivery's end.</summary>
public interface IWebhookEvent
{
    DateTimeOffset At { get; }
}

/// <summary>
/// One webhook: where to (<see cref="Url"/>), for which kinds, below which prefix. Its signing secret is stored only
/// sealed under the master key (<see cref="SealedSecret"/>); the operator saw it once, in the answer to the add.
/// <see cref="AfterOffset"/>: the journal's position when it was added; it is told of events written after it only.
/// </summary>
public sealed record Webhook(WebhookId Id, string Url, IReadOnlyList<string> Kinds, string? Prefix, SealedValue SealedSecret, Principal By, DateTimeOffset At, long AfterOffset)
{
    /// <summary>Whether a notice of <paramref name="kind"/> about <paramref name="path"/>, at journal offset <paramref name="offset"/>, goes to this webhook.</summary>
    public bool Wants(string kind, SecretPath path, long offset) => offset > AfterOffset && Kinds.Contains(kind) && path.IsUnder(Prefix);
}

public sealed record WebhookAdded(Webhook Webhook) : IWebhookEvent
{
    public DateTimeOffset At => Webhook.At;
}

public sealed record WebhookRemoved(WebhookId Id, Principal By, DateTimeOffset At) : IWebhookEvent;

/// <summary>
/// How one delivery ended: delivered (a 2xx answer) or failed (retries used up, or the webhook was removed), after how
/// many attempts, with the last answer's status or error. <see cref="Offset"/> is the journal offset of the event it
/// told of; <see cref="DeliveryId"/> (webhook and offset) is stable, so a receiver can drop a repeat after a failover.
/// </summary>
public sealed record DeliveryRecord(
    string DeliveryId, WebhookId WebhookId, string Kind, string Path, string? RotationId, long Offset, int Attempts, bool Delivered,
    int? LastStatus, string? LastError, DateTimeOffset FirstAttemptAt, DateTimeOffset EndedAt)
{
    public static string IdFor(WebhookId webhook, long offset) => $"{webhook.Value}-{offset}";
}

public sealed record WebhookDeliveryEnded(DeliveryRecord Record) : IWebhookEvent
{
    public DateTimeOffset At => Record.EndedAt;
}
