using System.Net;
using System.Text.Json;
using HarombeActors.Cli.Tests.Support;
using HarombeActors.Domain.Webhooks;
using HarombeActors.TestSupport;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// Webhooks through the CLI and the JSON API of a real host, delivered to a real receiver on loopback: the secret is
/// shown once and verifies every signature, deliveries are listed, a 500 is retried, bad input and bad tokens are
/// refused with nothing stored, and no value reaches a receiver, the CLI's output or the host's log.
/// </summary>
public class WebhookApiTests(FrontDoorHost host) : IClassFixture<FrontDoorHost>
{
    private const string Value = "webhook-plaintext-value-1";
    private const string Rotated = "webhook-plaintext-value-2";

    private static JsonElement Json(CliRun run) => JsonDocument.Parse(run.Stdout).RootElement.Clone();

    private async Task<JsonElement> DeliveriesWhen(string id, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var run = await host.RunAsync("webhook", "deliveries", id, "--json");
            Assert.True(run.ExitCode == 0, run.ToString());
            var deliveries = Json(run).GetProperty("deliveries");
            if (done(deliveries)) return deliveries;
            Assert.True(DateTime.UtcNow < deadline, $"deliveries never got there: {deliveries}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Added_by_the_cli_a_webhook_gets_signed_deliveries_retried_after_a_500_and_listed_and_never_a_value()
    {
        await using var receiver = new WebhookReceiver { Answer = n => n == 0 ? 500 : 200 };
        var add = await host.RunAsync("webhook", "add", receiver.Url, "--events", "rotation.completed, rotation.failed", "--prefix", "/wh/app", "--json");
        Assert.True(add.ExitCode == 0, add.ToString());
        var created = Json(add);
        var secret = created.GetProperty("secret").GetString()!;
        var id = created.GetProperty("webhook").GetProperty("id").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(["rotation.completed", "rotation.failed"], created.GetProperty("webhook").GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        var human = await host.RunAsync("webhook", "list");
        Assert.True(human.ExitCode == 0 && human.Stdout.Contains(id, StringComparison.Ordinal), human.ToString());
        Assert.DoesNotContain(secret, human.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await host.PipeAsync(Value, "secret", "put", "/wh/app/db")).ExitCode);
        var rotate = await host.PipeAsync(Rotated, "secret", "rotate", "/wh/app/db", "--strategy", "staged", "--no-verify", "--value-stdin");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        Assert.Equal(0, (await host.PipeAsync("outside-the-prefix", "secret", "put", "/wh/other")).ExitCode);
        var other = await host.RunAsync("secret", "rotate", "/wh/other", "--strategy", "immediate", "--no-verify");
        Assert.True(other.ExitCode == 0, other.ToString());

        var deliveries = await DeliveriesWhen(id, d => d.GetArrayLength() == 1 && d[0].GetProperty("outcome").GetString() == "delivered");
        var delivery = deliveries[0];
        Assert.Equal(("rotation.completed", "/wh/app/db", 2, 200), (delivery.GetProperty("kind").GetString(), delivery.GetProperty("secretPath").GetString(),
            delivery.GetProperty("attempts").GetInt32(), delivery.GetProperty("lastStatus").GetInt32()));
        // Two attempts of the one delivery (the first answered 500), each signed afresh, both verifying with the secret shown at the add.
        Assert.Equal(2, receiver.Requests.Count);
        foreach (var request in receiver.Requests)
        {
            Assert.True(WebhookSignature.Verify(secret, request.Headers[WebhookSignature.Header], request.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)), request.Text);
            Assert.Equal(delivery.GetProperty("id").GetString(), request.Headers["Harombe-Delivery"]);
            Assert.DoesNotContain(Value, request.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(Rotated, request.Text, StringComparison.Ordinal);
            var body = JsonDocument.Parse(request.Body).RootElement;
            Assert.Equal(("/wh/app/db", "success", 1, 2), (body.GetProperty("path").GetString(), body.GetProperty("outcome").GetString(),
                body.GetProperty("oldVersion").GetInt32(), body.GetProperty("newVersion").GetInt32()));
        }
        var listed = Json(await host.RunAsync("webhook", "list", "--json")).GetProperty("webhooks").EnumerateArray().Single(w => w.GetProperty("id").GetString() == id);
        Assert.Equal((1, 0), (listed.GetProperty("delivered").GetInt32(), listed.GetProperty("failed").GetInt32()));
        var table = await host.RunAsync("webhook", "deliveries", id);
        Assert.True(table.ExitCode == 0 && table.Stdout.Contains("delivered", StringComparison.Ordinal), table.ToString());

        var removed = await host.RunAsync("webhook", "remove", id);
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.DoesNotContain(id, (await host.RunAsync("webhook", "list")).Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, host.Tail, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, host.Tail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"url":"ftp://127.0.0.1/x","events":["rotation.completed"]}""", "url")]
    [InlineData("""{"url":"http://198.51.100.4/x","events":["rotation.completed"]}""", "url")]
    [InlineData("""{"url":"https://hooks.example.com/x","events":["rotation.sideways"]}""", "events")]
    [InlineData("""{"url":"https://hooks.example.com/x","events":[]}""", "events")]
    [InlineData("""{"url":"https://hooks.example.com/x","events":["rotation.failed"],"prefix":"relative"}""", "prefix")]
    [InlineData("""{"url":"https://hooks.example.com/x","events":"rotation.failed","oops":""", null)]
    public async Task Bad_webhooks_are_refused_naming_the_field_and_nothing_is_added(string body, string? field)
    {
        using var http = host.Http();
        var answer = await JsonApi.SendAsync(http, HttpMethod.Post, "/v1/webhooks", host.OperatorToken, body);
        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        if (field is not null) Assert.Contains(field, answer.Body, StringComparison.Ordinal);
        var list = await JsonApi.SendAsync(http, HttpMethod.Get, "/v1/webhooks", host.OperatorToken);
        Assert.DoesNotContain("example.com", list.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("198.51.100.4", list.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_or_with_a_consumer_token_nothing_is_listed_or_added()
    {
        using var http = host.Http();
        const string body = """{"url":"https://hooks.example.com/intruder","events":["rotation.completed"]}""";
        foreach (var token in new[] { null, "not-a-token", host.ConsumerToken })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await JsonApi.SendAsync(http, HttpMethod.Post, "/v1/webhooks", token, body)).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await JsonApi.SendAsync(http, HttpMethod.Get, "/v1/webhooks", token)).Status);
        }
        Assert.DoesNotContain("intruder", (await JsonApi.SendAsync(http, HttpMethod.Get, "/v1/webhooks", host.OperatorToken)).Body, StringComparison.Ordinal);
        var cli = await host.RunAsync("webhook", "add", "gopher://127.0.0.1/x", "--events", "rotation.completed");
        Assert.Equal(2, cli.ExitCode);
        Assert.Contains("url", cli.Stderr, StringComparison.Ordinal);
        var unknown = await host.RunAsync("webhook", "deliveries", "wh_0000000000000000");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("does not exist", unknown.Stderr, StringComparison.Ordinal);
    }
}
