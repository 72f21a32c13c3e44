using System.Collections.Immutable;

namespace HarombeActors.Domain.Webhooks;

/// <summary>
/// The webhooks and the latest <see cref="KeptRecords"/> delivery records, and the journal offset up to which every
/// notice has been handed to its deliveries (saved in the snapshot; a restart reads on from there, and a delivery
/// already recorded is not made again).
/// </summary>
public sealed record WebhookRegistryState
{
    public const int KeptRecords = 1000;

    public ImmutableSortedDictionary<string, Webhook> Webhooks { get; init; } = ImmutableSortedDictionary.Create<string, Webhook>(StringComparer.Ordinal);
    public ImmutableList<DeliveryRecord> Deliveries { get; init; } = [];
    public long Offset { get; init; }

    public static readonly WebhookRegistryState Empty = new();

    public WebhookRegistryState Apply(IWebhookEvent e) => e switch
    {
        WebhookAdded a => this with { Webhooks = Webhooks.SetItem(a.Webhook.Id.Value, a.Webhook) },
        WebhookRemoved r => this with { Webhooks = Webhooks.Remove(r.Id.Value) },
        WebhookDeliveryEnded d => this with
        {
            Deliveries = (Deliveries.Count >= KeptRecords ? Deliveries.RemoveRange(0, Deliveries.Count - KeptRecords + 1) : Deliveries).Add(d.Record),
        },
        _ => this,
    };

    public bool Recorded(string deliveryId) => Deliveries.Exists(r => r.DeliveryId == deliveryId);
}
