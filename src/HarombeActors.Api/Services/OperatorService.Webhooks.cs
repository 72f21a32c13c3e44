using Akka.Actor;
using Akka.Hosting;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HarombeActors.Actors.Webhooks;
using HarombeActors.Api.Access;
using HarombeActors.Api.Errors;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Webhooks;
using P = HarombeActors.Protocol.V1;

namespace HarombeActors.Api.Services;

public sealed partial class OperatorService
{
    public override async Task<P.WebhookCreated> AddWebhook(P.AddWebhookRequest request, ServerCallContext context)
    {
        var events = request.Events.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        // Checked by the registry, whose refusal becomes the same error (nothing is stored).
        var add = new WebhookRequest(request.Url, events, request.Prefix.Length == 0 ? null : request.Prefix);
        var created = await Webhooks<WebhookCreated>(new AddWebhook(add, context.Caller().Principal), context);
        return new P.WebhookCreated { Webhook = ProtoMapping.Webhook(created.Webhook), Secret = created.Secret };
    }

    public override async Task<P.WebhookList> ListWebhooks(Empty request, ServerCallContext context) =>
        new() { Webhooks = { (await Webhooks<WebhookList>(Contracts.Messages.ListWebhooks.Instance, context)).Webhooks.Select(ProtoMapping.Webhook) } };

    public override async Task<P.Webhook> RemoveWebhook(P.WebhookRequest request, ServerCallContext context) =>
        ProtoMapping.Webhook((await Webhooks<WebhookRemovedReply>(new RemoveWebhook(Id(request.Id), context.Caller().Principal), context)).Webhook);

    public override async Task<P.WebhookDeliveries> ListWebhookDeliveries(P.WebhookRequest request, ServerCallContext context)
    {
        if (request.Limit is < 0 or > WebhookRegistryState.KeptRecords) throw ApiErrors.BadInput("limit", $"must be between 1 and {WebhookRegistryState.KeptRecords} (0: 100)");
        var list = await Webhooks<DeliveryList>(new ListDeliveries(Id(request.Id), request.Limit == 0 ? 100 : request.Limit), context);
        return new P.WebhookDeliveries
        {
            WebhookId = list.Id.Value,
            Deliveries = { list.Pending.Select(r => ProtoMapping.Delivery(r, pending: true)).Concat(list.Ended.Select(r => ProtoMapping.Delivery(r, pending: false))) },
        };
    }

    private static WebhookId Id(string raw) =>
        WebhookId.TryParse(raw, out var id) ? id.Value : throw ApiErrors.BadInput("id", "must be a webhook id: wh_ and 16 hex digits (see webhook list)");

    /// <summary>Asks the webhook registry (a cluster singleton, through this host's proxy); a refusal becomes the contract's error.</summary>
    private async Task<T> Webhooks<T>(object message, ServerCallContext context)
    {
        var registry = await ActorRegistry.For(system).GetAsync<WebhookRegistry>(context.CancellationToken);
        return await registry.Ask<object>(message, TimeSpan.FromSeconds(30), context.CancellationToken) switch
        {
            T answer => answer,
            WebhookRejected rejected => throw ApiErrors.Rejected(rejected.Rejection),
            var other => throw new InvalidOperationException($"the webhook registry answered {other.GetType().Name}"),
        };
    }
}
