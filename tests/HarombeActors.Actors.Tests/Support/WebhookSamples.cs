using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Values;
using HarombeActors.Domain.Webhooks;

namespace HarombeActors.Actors.Tests.Support;

/// <summary>The webhook registry's persisted types, one sample each, with every optional field set: shared by the serializer and golden-file tests.</summary>
public static class WebhookSamples
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 1, 2, 3, 456, TimeSpan.Zero);
    public static readonly WebhookId Id = new("wh_0123456789abcdef");

    public static readonly Webhook Webhook = new(Id, "https://hooks.example.com/harombe", [NoticeKinds.RotationCompleted, NoticeKinds.RotationFailed], "/secrets/db",
        new SealedValue([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0xAA, 0xBB], [16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]), new Principal("alice"), At, 41);

    public static readonly DeliveryRecord Record = new(DeliveryRecord.IdFor(Id, 42), Id, NoticeKinds.RotationCompleted, "/secrets/db/password", "rot-0123456789ab", 42, 3,
        true, 204, "HTTP 500", At, At.AddSeconds(3));

    public static IEnumerable<object> Persisted() =>
    [
        new WebhookAdded(Webhook),
        new WebhookRemoved(Id, new Principal("bob"), At.AddDays(1)),
        new WebhookDeliveryEnded(Record),
        WebhookRegistryState.Empty.Apply(new WebhookAdded(Webhook)).Apply(new WebhookDeliveryEnded(Record)) with { Offset = 42 },
    ];
}
