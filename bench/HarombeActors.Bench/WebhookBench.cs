using System.Diagnostics;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Actors.Webhooks;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Values;
using HarombeActors.Domain.Webhooks;
using HarombeActors.TestSupport;

namespace HarombeActors.Bench;

/// <summary>
/// Webhooks on one node (SQLite): how long from a rotation's completion (the time in its notice) to the signed delivery
/// arriving at a receiver on loopback (p50 / p99), and rotation latency side by side in one run with no webhook, with a
/// receiver that answers, and with one that never answers (every delivery held open until its attempt times out).
/// </summary>
public static class WebhookBench
{
    private static readonly Principal By = new("bench");

    public static async Task RunAsync(int rotations)
    {
        var dir = Directory.CreateTempSubdirectory("harombe-webhooks-").FullName;
        var options = new HarombeOptions { Port = EmbeddedNode.FreeLoopbackPort(), DataDir = dir, ActorSystemName = "harombe-webhooks" };
        var node = await EmbeddedNode.StartAsync(options);
        var registry = await ActorRegistry.For(node.System).GetAsync<WebhookRegistry>();
        var policy = new RotationPolicy { Strategy = RotationStrategy.Immediate, RequireVerification = false };
        var rows = new List<(string Measure, string Result)>();

        async Task<List<double>> Rotate(string phase, TimeSpan pause = default)
        {
            var path = SecretPath.Parse($"/webhooks/{phase}");
            await node.Region.Ask<ISecretReply>(new WriteSecret(path, SecretValue.Create("initial-value"), By), TimeSpan.FromSeconds(30));
            var times = new List<double>();
            for (var i = 0; i < rotations; i++)
            {
                var watch = Stopwatch.StartNew();
                var reply = await node.Region.Ask<ISecretReply>(new RotateSecret(path, By, policy), TimeSpan.FromSeconds(30));
                if (reply is not RotationOutcome { Result.Success: true }) throw new InvalidOperationException($"rotation failed: {reply}");
                times.Add(watch.Elapsed.TotalMilliseconds);
                if (pause > TimeSpan.Zero) await Task.Delay(pause);
            }
            return times;
        }
        static string Percentiles(IReadOnlyList<double> ms) => $"{Stats.Percentile(ms, 50):0.0} / {Stats.Percentile(ms, 99):0.0} ms";

        await Rotate("warm-up");
        var without = await Rotate("without");

        await using var receiver = new WebhookReceiver();
        var hook = await registry.Ask<WebhookCreated>(new AddWebhook(new WebhookRequest(receiver.Url, [NoticeKinds.RotationCompleted], "/webhooks/answered"), By), TimeSpan.FromSeconds(30));
        async Task<List<double>> Latencies(int expected)
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (receiver.Requests.Count < expected && DateTime.UtcNow < deadline) await Task.Delay(50);
            var requests = receiver.Requests;
            if (requests.Count < expected) throw new InvalidOperationException($"{requests.Count} of {expected} deliveries arrived");
            if (requests.Any(r => !WebhookSignature.Verify(hook.Secret, r.Headers[WebhookSignature.Header], r.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5))))
                throw new InvalidOperationException("a delivery's signature did not verify");
            return [.. requests.Skip(expected - rotations)
                .Select(r => (r.At - JsonDocument.Parse(r.Body).RootElement.GetProperty("at").GetDateTimeOffset()).TotalMilliseconds)];
        }
        var answered = await Rotate("answered");
        var underLoad = await Latencies(rotations);
        await Rotate("answered", TimeSpan.FromMilliseconds(200));
        var oneByOne = await Latencies(2 * rotations);

        await using var dead = new WebhookReceiver { Answer = _ => null };
        await registry.Ask<WebhookCreated>(new AddWebhook(new WebhookRequest(dead.Url, NoticeKinds.All, "/webhooks/dead"), By), TimeSpan.FromSeconds(30));
        var withDead = await Rotate("dead");

        rows.Add(($"delivery latency, rotation completed -> signed delivery received, {rotations} rotations back to back, p50 / p99", Percentiles(underLoad)));
        rows.Add(($"delivery latency, {rotations} rotations 200 ms apart, p50 / p99", Percentiles(oneByOne)));
        rows.Add(($"rotation latency, no webhook ({rotations} immediate rotations one after another) p50 / p99", Percentiles(without)));
        rows.Add(("rotation latency, a webhook whose receiver answers at once, p50 / p99", Percentiles(answered)));
        rows.Add(($"rotation latency, a webhook whose receiver never answers ({dead.Requests.Count:N0} deliveries held open meanwhile), p50 / p99", Percentiles(withDead)));
        await node.DisposeAsync();
        Directory.Delete(dir, true);

        Console.WriteLine($"| webhooks, one node, SQLite, {Environment.ProcessorCount} cores | result |");
        Console.WriteLine("|---|---|");
        foreach (var (measure, result) in rows) Console.WriteLine($"| {measure} | {result} |");
    }
}
