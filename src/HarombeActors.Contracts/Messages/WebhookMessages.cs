using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Webhooks;

namespace HarombeActors.Contracts.Messages;

// Questions and commands for the webhook registry (the cluster singleton that keeps the webhooks and delivers to them)
// and its answers. Sent through the singleton's proxy from whichever host serves the call, so they cross the wire.

public sealed record AddWebhook(WebhookRequest Request, Principal By) : IHarombeMessage;

/// <summary>The new webhook and its signing secret: the only time the secret leaves the registry in the clear.</summary>
public sealed record WebhookCreated(WebhookView Webhook, string Secret) : IHarombeMessage
{
    public override string ToString() => $"WebhookCreated({Webhook.Id}, secret hidden)";
}

public sealed record ListWebhooks : IHarombeMessage
{
    public static readonly ListWebhooks Instance = new();
}

public sealed record WebhookList(IReadOnlyList<WebhookView> Webhooks) : IHarombeMessage;

public sealed record RemoveWebhook(WebhookId Id, Principal By) : IHarombeMessage;

public sealed record WebhookRemovedReply(WebhookView Webhook) : IHarombeMessage;

/// <summary>The latest delivery records of one webhook (newest first), and the deliveries still being tried.</summary>
public sealed record ListDeliveries(WebhookId Id, int Limit = 100) : IHarombeMessage;

public sealed record DeliveryList(WebhookId Id, IReadOnlyList<DeliveryRecord> Pending, IReadOnlyList<DeliveryRecord> Ended) : IHarombeMessage;

public sealed record WebhookRejected(Rejection Rejection) : IHarombeMessage;

/// <summary>A webhook as listed: never its secret; how its deliveries went so far (from the kept records).</summary>
public sealed record WebhookView(WebhookId Id, string Url, IReadOnlyList<string> Kinds, string? Prefix, string By, DateTimeOffset At, int Delivered, int Failed, int Pending);
