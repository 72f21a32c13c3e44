using System.Diagnostics;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using HarombeActors.Actors.Webhooks;
using HarombeActors.Actors.Tests.Support;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Webhooks;
using HarombeActors.TestSupport;

namespace HarombeActors.Actors.Tests;

/// <summary>
/// Webhooks against a real HTTP receiver on loopback: signed deliveries of what happens to secrets (never a value),
/// retried after a 500, recorded, filtered by kind and prefix, refused for bad input with nothing persisted, and a
/// receiver that never answers does not slow a rotation.
/// </summary>
public class WebhookTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    protected override TestNode CreateNode() => new(null, AcceptsGood, Gate)
    {
        Configure = o =>
        {
            o.Webhooks.RetryInitial = TimeSpan.FromMilliseconds(50);
            o.Webhooks.RetryMax = TimeSpan.FromMilliseconds(200);
            o.Webhooks.MaxAttempts = 4;
            o.Webhooks.AttemptTimeout = TimeSpan.FromSeconds(2);
            o.Webhooks.MaxInFlight = 3;
        },
    };

    private async Task<T> Registry<T>(object message) =>
        await (await ActorRegistry.For(Node.System).GetAsync<WebhookRegistry>()).Ask<T>(message, TimeSpan.FromSeconds(15));

    private Task<WebhookCreated> Add(string url, string? prefix, params string[] kinds) =>
        Registry<WebhookCreated>(new AddWebhook(new WebhookRequest(url, kinds, prefix), Alice));

    private async Task<DeliveryList> Deliveries(WebhookId id, Func<DeliveryList, bool> done)
    {
        DeliveryList list = null!;
        await Kit.AwaitAssertAsync(async () =>
        {
            list = await Registry<DeliveryList>(new ListDeliveries(id));
            Assert.True(done(list), $"{list.Ended.Count} ended, {list.Pending.Count} pending");
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
        return list;
    }

    [Fact]
    public async Task A_rotation_is_delivered_signed_with_its_versions_and_no_value_and_only_the_kinds_and_prefix_asked_for()
    {
        await using var receiver = new WebhookReceiver();
        var created = await Add(receiver.Url, "/hooks/app", NoticeKinds.RotationStarted, NoticeKinds.RotationCompleted, NoticeKinds.SecretWritten);
        Assert.StartsWith(WebhookSignature.SecretPrefix, created.Secret, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Secret, created.ToString(), StringComparison.Ordinal);

        var path = P("/hooks/app/db");
        await Put(path, "good-first-value");
        await Put(P("/hooks/other"), "good-elsewhere"); // outside the prefix
        var rotated = await Rotate(path, Policy(RotationStrategy.Staged), "good-second-value");
        Assert.True(rotated.Success);

        var list = await Deliveries(created.Webhook.Id, l => l.Ended.Count == 3);
        Assert.All(list.Ended, r => Assert.True(r.Delivered && r.Attempts == 1 && r.LastStatus == 200, r.ToString()));
        Assert.Equal(3, receiver.Requests.Count);
        // Deliveries run side by side, so they may arrive in any order; the journal offset in each orders them.
        var bodies = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).OrderBy(b => b.GetProperty("offset").GetInt64()).ToList();
        Assert.Equal([NoticeKinds.SecretWritten, NoticeKinds.RotationStarted, NoticeKinds.RotationCompleted], bodies.Select(b => b.GetProperty("kind").GetString()));
        var completed = bodies[2];
        Assert.Equal(("/hooks/app/db", rotated.RotationId, 1, 2, "success"), (completed.GetProperty("path").GetString(), completed.GetProperty("rotationId").GetString(),
            completed.GetProperty("oldVersion").GetInt32(), completed.GetProperty("newVersion").GetInt32(), completed.GetProperty("outcome").GetString()));
        Assert.Equal("harombe.webhook.v1", completed.GetProperty("schema").GetString());
        // The new version's fingerprint, as status shows it.
        var status = await Ask<Domain.Replies.SecretStatus>(new Domain.Queries.GetStatus(path));
        Assert.Equal(status.Versions.Single(v => v.Version == 2).Fingerprint, completed.GetProperty("fingerprint").GetString());
        Assert.Equal("alice", bodies[0].GetProperty("by").GetString());

        foreach (var request in receiver.Requests)
        {
            Assert.True(WebhookSignature.Verify(created.Secret, request.Headers[WebhookSignature.Header], request.Body, Node.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
            Assert.False(WebhookSignature.Verify("whsec_another-secret", request.Headers[WebhookSignature.Header], request.Body, Node.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
            Assert.Equal(JsonDocument.Parse(request.Body).RootElement.GetProperty("kind").GetString(), request.Headers["Harombe-Event"]);
            Assert.Equal(JsonDocument.Parse(request.Body).RootElement.GetProperty("deliveryId").GetString(), request.Headers["Harombe-Delivery"]);
            foreach (var value in new[] { "good-first-value", "good-second-value", "good-elsewhere" }) Assert.DoesNotContain(value, request.Text, StringComparison.Ordinal);
        }
        // A changed byte or an old timestamp fails the signature.
        var first = receiver.Requests[0];
        var tampered = first.Body.ToArray();
        tampered[^2] ^= 1;
        Assert.False(WebhookSignature.Verify(created.Secret, first.Headers[WebhookSignature.Header], tampered, Node.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(created.Secret, first.Headers[WebhookSignature.Header], first.Body, Node.Clock.GetUtcNow().AddMinutes(10), TimeSpan.FromMinutes(5)));

        // Listed without its secret; removed, it gets nothing more.
        var listed = Assert.Single((await Registry<WebhookList>(ListWebhooks.Instance)).Webhooks);
        Assert.Equal((created.Webhook.Id, 3, 0), (listed.Id, listed.Delivered, listed.Failed));
        await Registry<WebhookRemovedReply>(new RemoveWebhook(created.Webhook.Id, Alice));
        Assert.Empty((await Registry<WebhookList>(ListWebhooks.Instance)).Webhooks);
        await Rotate(path, Policy(RotationStrategy.Staged), "good-third-value");
        // The webhook that replaces it sees the next rotation, so the removed one had its chance to (wrongly) get it too.
        var again = await Add(receiver.Url, null, NoticeKinds.RotationCompleted);
        await Rotate(path, Policy(RotationStrategy.Staged), "good-fourth-value");
        await Deliveries(again.Webhook.Id, l => l.Ended.Count == 1);
        Assert.Equal(4, receiver.Requests.Count);
    }

    [Fact]
    public async Task A_500_is_retried_with_backoff_until_delivered_and_a_receiver_that_always_fails_is_given_up_and_recorded()
    {
        await using var flaky = new WebhookReceiver { Answer = n => n < 2 ? 500 : 204 };
        await using var broken = new WebhookReceiver { Answer = _ => 503 };
        var retried = await Add(flaky.Url, "/retry", NoticeKinds.SecretWritten);
        var failing = await Add(broken.Url, "/retry", NoticeKinds.SecretWritten);
        await Put(P("/retry/one"), "value-one");

        var delivered = Assert.Single((await Deliveries(retried.Webhook.Id, l => l.Ended.Count == 1)).Ended);
        Assert.Equal((true, 3, 204), (delivered.Delivered, delivered.Attempts, delivered.LastStatus));
        // The same delivery each time: same id, same body.
        Assert.Single(flaky.Requests.Select(r => r.Headers["Harombe-Delivery"]).Distinct());
        Assert.Single(flaky.Requests.Select(r => r.Text).Distinct());
        // Backed off: the gaps grow (50 ms doubling, each between half and all of it).
        var gaps = flaky.Requests.Zip(flaky.Requests.Skip(1), (a, b) => b.At - a.At).ToList();
        Assert.All(gaps, g => Assert.True(g >= TimeSpan.FromMilliseconds(20), g.ToString()));

        var given = Assert.Single((await Deliveries(failing.Webhook.Id, l => l.Ended.Count == 1)).Ended);
        Assert.Equal((false, 4, 503, "HTTP 503"), (given.Delivered, given.Attempts, given.LastStatus, given.LastError));
        Assert.Equal(4, broken.Requests.Count);
        var view = (await Registry<WebhookList>(ListWebhooks.Instance)).Webhooks.Single(w => w.Id == failing.Webhook.Id);
        Assert.Equal((0, 1), (view.Delivered, view.Failed));
    }

    [Fact]
    public async Task A_receiver_that_never_answers_does_not_slow_rotations()
    {
        var path = P("/slow/receiver");
        await Put(path, "good-v1");
        var policy = Policy(RotationStrategy.Staged);
        async Task<TimeSpan> TenRotations(string tag)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < 10; i++) Assert.True((await Rotate(path, policy, $"good-{tag}-{i}")).Success);
            return watch.Elapsed;
        }
        await TenRotations("warm-up");
        var without = await TenRotations("without");

        await using var dead = new WebhookReceiver { Answer = _ => null };
        var hook = await Add(dead.Url, "/slow", NoticeKinds.All.ToArray());
        var with = await TenRotations("with");
        Output.WriteLine($"10 staged rotations: {without.TotalMilliseconds:0} ms without a webhook, {with.TotalMilliseconds:0} ms with one whose receiver never answers");
        // The deliveries are held open at the receiver meanwhile: the rotations did not wait for them.
        await Deliveries(hook.Webhook.Id, l => l.Pending.Count >= 10);
        await Kit.AwaitAssertAsync(() => Assert.True(dead.Requests.Count >= 10, $"{dead.Requests.Count} requests held"), TimeSpan.FromSeconds(10));
        // Each rotation is a few milliseconds; a rotation that waited for one delivery attempt would take its 2 s timeout.
        Assert.True(with < TimeSpan.FromSeconds(2) + without * 3, $"{with} with a dead receiver, {without} without");
    }

    [Fact]
    public async Task A_receiver_that_never_answers_does_not_hold_up_another_webhooks_deliveries()
    {
        await using var dead = new WebhookReceiver { Answer = _ => null };
        await using var live = new WebhookReceiver();
        var held = await Add(dead.Url, "/isolated", NoticeKinds.SecretWritten);
        var served = await Add(live.Url, "/isolated", NoticeKinds.SecretWritten);
        for (var i = 0; i < 10; i++) await Put(P($"/isolated/s{i}"), $"value-{i}");

        Assert.Equal(10, (await Deliveries(served.Webhook.Id, l => l.Ended.Count == 10)).Ended.Count(r => r.Delivered));
        // The dead one has its 3 slots held open and the other 7 waiting their turn, in order: none lost, none failed yet.
        var pending = (await Deliveries(held.Webhook.Id, l => l.Pending.Count == 10)).Pending;
        Assert.Equal(pending.Select(r => r.Offset).Order(), pending.Select(r => r.Offset));
        await Kit.AwaitAssertAsync(() => Assert.Equal(3, dead.Requests.Select(r => r.Headers["Harombe-Delivery"]).Distinct().Count()), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task After_a_restart_the_registry_reads_on_delivering_what_is_new_and_nothing_twice()
    {
        await using var receiver = new WebhookReceiver();
        var hook = await Add(receiver.Url, "/restarted", NoticeKinds.SecretWritten);
        await Put(P("/restarted/a"), "value-a");
        await Put(P("/restarted/b"), "value-b");
        await Deliveries(hook.Webhook.Id, l => l.Ended.Count == 2);

        // Stopped before its offset was saved (every 5 s): after the restart it reads those events again and finds them delivered.
        await Node.StopAsync();
        await Node.StartAsync();
        Kit = new Akka.TestKit.Xunit2.TestKit(Node.System);
        await Put(P("/restarted/c"), "value-c");
        var list = await Deliveries(hook.Webhook.Id, l => l.Ended.Count == 3);
        Assert.All(list.Ended, r => Assert.True(r.Delivered));
        Assert.Equal(3, receiver.Requests.Select(r => r.Headers["Harombe-Delivery"]).Distinct().Count());
        Assert.Equal(3, receiver.Requests.Count);
        // Still signed with the secret shown at the add (opened again from its sealed copy).
        Assert.True(WebhookSignature.Verify(hook.Secret, receiver.Requests[^1].Headers[WebhookSignature.Header], receiver.Requests[^1].Body, Node.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task Adds_sent_all_at_once_never_pass_the_limit_of_webhooks()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, WebhookRequest.MaxWebhooks + 30).Select(i =>
            Registry<object>(new AddWebhook(new WebhookRequest($"https://hooks.example.com/{i}", [NoticeKinds.RotationFailed], null), Alice))));
        Assert.Equal(WebhookRequest.MaxWebhooks, answers.Count(a => a is WebhookCreated));
        Assert.All(answers.OfType<WebhookRejected>(), r => Assert.Equal(Domain.Decisions.RejectionCode.InvalidState, r.Rejection.Code));
        Assert.Equal(WebhookRequest.MaxWebhooks, (await Registry<WebhookList>(ListWebhooks.Instance)).Webhooks.Count);
    }

    [Fact]
    public async Task A_receivers_own_bytes_never_reach_the_delivery_record()
    {
        // A loopback "receiver" that answers with a malformed status line full of terminal escapes and markup.
        var junk = "\u001b[2J<script>alert(1)</script>" + new string('A', 60_000);
        using var server = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        server.Start();
        var port = ((System.Net.IPEndPoint)server.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await server.AcceptTcpClientAsync(stop.Token);
                var stream = client.GetStream();
                _ = await stream.ReadAsync(new byte[65536], stop.Token); // the request, whatever of it arrived first
                await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"HTTP/1.1 2{junk}\r\n\r\n"), stop.Token);
            }
        });
        var hook = await Add($"http://127.0.0.1:{port}/hook", "/hostile", NoticeKinds.SecretWritten);
        await Put(P("/hostile/one"), "value");
        var record = Assert.Single((await Deliveries(hook.Webhook.Id, l => l.Ended.Count == 1)).Ended);
        await stop.CancelAsync();
        Assert.False(record.Delivered);
        Assert.True(record.LastError!.Length < 100, record.LastError);
        Assert.DoesNotContain("script", record.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", record.LastError, StringComparison.Ordinal);
        Output.WriteLine(record.LastError);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/hook", "url")]
    [InlineData("http://203.0.113.7/hook", "url")]
    [InlineData("http://example.com/hook", "url")]
    [InlineData("https://user:pass@example.com/hook", "url")]
    [InlineData("not a url", "url")]
    [InlineData("https://example.com/hook", "events", "rotation.exploded")]
    [InlineData("https://example.com/hook", "events")]
    [InlineData("https://example.com/hook", "prefix", "rotation.completed", "no-slash")]
    public async Task Bad_input_is_refused_naming_the_field_and_nothing_is_stored(string url, string field, string? kind = null, string? prefix = null)
    {
        var answer = await Registry<WebhookRejected>(new AddWebhook(new WebhookRequest(url, kind is null ? [] : [kind], prefix), Alice));
        Assert.Equal((Domain.Decisions.RejectionCode.BadInput, field), (answer.Rejection.Code, answer.Rejection.Field));
        Assert.Empty((await Registry<WebhookList>(ListWebhooks.Instance)).Webhooks);
        Assert.Empty(await JournalReader.EventsOfAsync(Node.System, WebhookRegistry.Name));
    }

    [Fact]
    public async Task Loopback_http_and_any_https_url_are_accepted()
    {
        foreach (var url in new[] { "http://127.0.0.1:9/h", "http://localhost:9/h", "http://[::1]:9/h", "https://hooks.example.com/h?x=1" })
            Assert.Null(new WebhookRequest(url, [NoticeKinds.RotationFailed], null).Validate());
    }
}
