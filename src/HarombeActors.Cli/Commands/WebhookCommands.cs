using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using HarombeActors.Protocol.V1;

namespace HarombeActors.Cli.Commands;

/// <summary>`webhook add|list|remove|deliveries`: signed notices of what happens to secrets, POSTed to a URL (docs/watching.md).</summary>
public static class WebhookCommands
{
    public static Command Build()
    {
        var webhook = new Command("webhook", "signed HTTP notices of rotations and other events, with retries and delivery records");

        var url = new Argument<string>("url") { Description = "https://... (or http:// to a loopback address)" };
        var events = new Option<string>("--events") { Description = $"comma-separated kinds: {string.Join(", ", Domain.Webhooks.NoticeKinds.All)}", Required = true };
        var prefix = new Option<string?>("--prefix") { Description = "only secrets under this path (a whole path or a folder)" };
        var add = new Command("add", "add a webhook; prints its signing secret, this once") { url, events, prefix };
        add.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            var request = new AddWebhookRequest { Url = parse.GetValue(url)!, Prefix = parse.GetValue(prefix) ?? "" };
            request.Events.AddRange(parse.GetValue(events)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            return context.RunAsync((api, o) => api.AddWebhookAsync(request, o), context.Output.WebhookCreated);
        });

        var list = new Command("list", "the webhooks (never their secrets) and how their deliveries went");
        list.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            return context.RunAsync((api, o) => api.ListWebhooksAsync(new Empty(), o), context.Output.Webhooks);
        });

        var removeId = new Argument<string>("id") { Description = "the webhook's id (wh_...)" };
        var remove = new Command("remove", "remove a webhook; deliveries still being tried end as failed") { removeId };
        remove.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            return context.RunAsync((api, o) => api.RemoveWebhookAsync(new WebhookRequest { Id = parse.GetValue(removeId)! }, o), context.Output.WebhookRemoved);
        });

        var deliveriesId = new Argument<string>("id") { Description = "the webhook's id (wh_...)" };
        var limit = new Option<int>("--limit") { Description = "at most this many ended deliveries, newest first (1-1000, default 100)", DefaultValueFactory = _ => 100 };
        var deliveries = new Command("deliveries", "deliveries being tried, then the latest that ended: outcome, attempts, last answer") { deliveriesId, limit };
        deliveries.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            var request = new WebhookRequest { Id = parse.GetValue(deliveriesId)!, Limit = parse.GetValue(limit) };
            return context.RunAsync((api, o) => api.ListWebhookDeliveriesAsync(request, o), context.Output.Deliveries);
        });

        webhook.Subcommands.Add(add);
        webhook.Subcommands.Add(list);
        webhook.Subcommands.Add(remove);
        webhook.Subcommands.Add(deliveries);
        return webhook;
    }
}
