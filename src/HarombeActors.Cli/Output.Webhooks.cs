using System.Text.Json.Nodes;
using Google.Protobuf;
using HarombeActors.Protocol.V1;

namespace HarombeActors.Cli;

public sealed partial class Output
{
    /// <summary>The API's own JSON form of a message (the same field names a curl user sees).</summary>
    private static JsonObject Proto(IMessage message) => JsonNode.Parse(new JsonFormatter(JsonFormatter.Settings.Default.WithFormatDefaultValues(true)).Format(message))!.AsObject();

    public int WebhookCreated(WebhookCreated c) => Show(Proto(c),
        $"{c.Webhook.Id}: {c.Webhook.Url} ({string.Join(",", c.Webhook.Events)}{(c.Webhook.Prefix.Length == 0 ? "" : $" under {c.Webhook.Prefix}")}){Environment.NewLine}"
        + $"signing secret: {c.Secret}{Environment.NewLine}"
        + "Store it now: it is shown this once. Verify each delivery's Harombe-Signature header with it (docs/watching.md).");

    public int Webhooks(WebhookList l) => Show(Proto(l), l.Webhooks.Count == 0 ? "no webhooks" : Table.Render(["id", "url", "events", "prefix", "delivered", "failed", "pending", "created"],
        l.Webhooks.Select(w => (IReadOnlyList<string?>)[w.Id, w.Url, string.Join(",", w.Events), w.Prefix.Length == 0 ? null : w.Prefix, w.Delivered.ToString(),
            w.Failed.ToString(), w.Pending.ToString(), $"{Views.Time(w.CreatedAt):u} by {w.CreatedBy}"])));

    public int WebhookRemoved(Webhook w) => Show(Proto(w), $"{w.Id}: removed ({w.Url})");

    public int Deliveries(WebhookDeliveries d) => Show(Proto(d), d.Deliveries.Count == 0 ? $"{d.WebhookId}: no deliveries yet" : Table.Render(
        ["delivery", "kind", "path", "outcome", "attempts", "last answer", "first attempt", "ended"],
        d.Deliveries.Select(x => (IReadOnlyList<string?>)[x.Id, x.Kind, x.SecretPath, x.Outcome, x.Attempts.ToString(),
            x.LastError.Length > 0 ? x.LastError : x.HasLastStatus ? x.LastStatus.ToString() : null,
            x.FirstAttemptAt is null ? null : $"{Views.Time(x.FirstAttemptAt):u}", x.EndedAt is null ? null : $"{Views.Time(x.EndedAt):u}"])));
}
