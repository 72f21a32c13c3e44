using System.Text.Json;
using HarombeActors.Contracts.Messages;

namespace HarombeActors.Actors.Webhooks;

/// <summary>
/// The JSON a webhook receives (schema <see cref="Schema"/>, documented in docs/watching.md): the notice's kind, path,
/// rotation, versions, fingerprint, who, trigger, reason, outcome and time, and the delivery's own id. Built from a
/// notice, which holds no value; every key is always present (null when it does not apply).
/// </summary>
public sealed record WebhookPayload(
    string Schema, string DeliveryId, string WebhookId, string Kind, string Path, DateTimeOffset At, long Offset, string? RotationId, int? OldVersion,
    int? NewVersion, string? Fingerprint, string? By, string? Trigger, string? Reason, string? Outcome)
{
    public const string SchemaName = "harombe.webhook.v1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebhookPayload From(SecretNotice n, string deliveryId, Domain.Webhooks.WebhookId webhook, long offset, string? fingerprint) =>
        new(SchemaName, deliveryId, webhook.Value, n.Kind, n.Path.Value, n.At, offset, n.RotationId, n.OldVersion, n.NewVersion, n.Fingerprint ?? fingerprint,
            n.By, n.Trigger, n.Reason, n.Outcome);

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}
