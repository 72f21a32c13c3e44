using System.Net;
using HarombeActors.Cli.Tests.Support;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// Every route of the front door through HTTP/JSON, as curl would call it: with the right token, without one, with a
/// wrong one, and with a consumer token outside its prefix; refused calls reveal nothing and write nothing. Then the
/// bad input a JSON API meets.
/// </summary>
public class FrontDoorHttpTests(FrontDoorHost host) : IClassFixture<FrontDoorHost>
{
    private const string Secret = "http-secret-value-1";

    /// <summary>Every route: method, URL, body, and whether it is an operator route (else a consumer one).</summary>
    public static TheoryData<string, string, string?, bool> Routes => new()
    {
        { "PUT", "/v1/secrets/http/routes", """{"value":"http-overwrite-attempt"}""", true },
        { "GET", "/v1/secrets/http/routes", null, true },
        { "GET", "/v1/secrets/http/routes:value?reveal=true", null, true },
        { "GET", "/v1/secrets/http/routes:history", null, true },
        { "GET", "/v1/secrets/http/routes:consumers", null, true },
        { "POST", "/v1/secrets/http/routes:removeConsumer", """{"consumerId":"curl"}""", true },
        { "POST", "/v1/secrets/http/routes:rotate", """{"strategy":"staged"}""", true },
        { "POST", "/v1/secrets/http/routes:rollback", "{}", true },
        { "POST", "/v1/secrets/http/routes:verify", "{}", true },
        { "PUT", "/v1/secrets/http/managed", """{"backend":"pg","username":"intruder"}""", true },
        { "POST", "/v1/secrets/http/routes:cancel", "{}", true },
        { "POST", "/v1/secrets/http/routes:promote", "{}", true },
        { "GET", "/v1/secrets/http/routes:policy", null, true },
        { "PUT", "/v1/secrets/http/routes:policy", """{"schedule":"rate(30 days)","window":"02:00-04:00","jitter":"600s"}""", true },
        { "DELETE", "/v1/secrets/http/routes:policy", null, true },
        { "POST", "/v1/secrets/http/routes:resume", "{}", true },
        { "POST", "/v1/secrets/http/routes:securityEvent", """{"type":"anomalous_behavior","severity":"low"}""", true },
        { "POST", "/v1/secrets/http/routes:emergency", """{"reason":"route check"}""", true },
        { "GET", "/v1/events?prefix=/http/", null, true },
        { "GET", "/v1/audit?prefix=/http/routes", null, true },
        { "GET", "/v1/secrets", null, true },
        { "GET", "/v1/cluster", null, true },
        { "GET", "/v1/cluster/shards", null, true },
        { "GET", "/v1/stats", null, true },
        { "GET", "/v1/credentials/http/routes", null, false },
        { "POST", "/v1/credentials/http/routes:heartbeat", """{"consumerId":"curl","version":1}""", false },
        { "GET", "/v1/credentials/http/routes:watch?consumerId=curl", null, false },
    };

    /// <summary>The routes for watching rotations (operator only): refused here like every other; what they answer with the right token is tested with them (webhooks, report, dashboard).</summary>
    public static TheoryData<string, string, string?, bool> WatchingRoutes => new()
    {
        { "GET", "/v1/secrets/http/routes:watch", null, true },
        { "GET", "/v1/secrets/http/routes:report", null, true },
        { "POST", "/v1/webhooks", """{"url":"https://hooks.example.com/intruder","events":["rotation.completed"]}""", true },
        { "GET", "/v1/webhooks", null, true },
        { "DELETE", "/v1/webhooks/wh_0123456789abcdef", null, true },
        { "GET", "/v1/webhooks/wh_0123456789abcdef/deliveries", null, true },
    };

    private async Task<string> History(string path = "/http/routes")
    {
        using var http = host.Http();
        return (await JsonApi.SendAsync(http, HttpMethod.Get, $"/v1/secrets{path}:history", host.OperatorToken)).Body;
    }

    private async Task EnsureSecret()
    {
        using var http = host.Http();
        var status = await JsonApi.SendAsync(http, HttpMethod.Get, "/v1/secrets/http/routes", host.OperatorToken);
        if (status.Status == HttpStatusCode.NotFound)
            Assert.Equal(HttpStatusCode.OK, (await JsonApi.SendAsync(http, HttpMethod.Put, "/v1/secrets/http/routes", host.OperatorToken, $$"""{"value":"{{Secret}}"}""")).Status);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    [MemberData(nameof(WatchingRoutes))]
    public async Task Without_the_right_token_every_route_is_refused_revealing_and_writing_nothing(string method, string route, string? body, bool operatorRoute)
    {
        await EnsureSecret();
        var before = await History();
        using var http = host.Http();
        var attempts = new List<(string Who, string? Token, HttpStatusCode Expected)>
        {
            ("no token", null, HttpStatusCode.Unauthorized),
            ("a wrong token", "wrong-token-wrong-token-wrong", HttpStatusCode.Unauthorized),
            ("the other kind of token", operatorRoute ? host.ConsumerToken : host.OperatorToken, HttpStatusCode.Unauthorized),
        };
        // A consumer token outside its prefix: refused the same way whether the secret exists or not.
        if (!operatorRoute) attempts.Add(("a consumer token outside its prefix", FrontDoorHost.ScopedToken, HttpStatusCode.Forbidden));
        foreach (var (who, token, expected) in attempts)
        {
            var answer = await JsonApi.SendAsync(http, new HttpMethod(method), route, token, body);
            Assert.True(answer.Status == expected, $"{who}: {answer}");
            Assert.Equal("unauthorized", answer.Reason);
            Assert.DoesNotContain(Secret, answer.Body);
            if (!operatorRoute && token == FrontDoorHost.ScopedToken)
            {
                var missing = await JsonApi.SendAsync(http, new HttpMethod(method), route.Replace("http/routes", "http/no-such-secret", StringComparison.Ordinal), token, body);
                Assert.Equal(answer.Body, missing.Body);
            }
        }
        Assert.Equal(before, await History());
        Assert.DoesNotContain("intruder", (await JsonApi.SendAsync(http, HttpMethod.Get, "/v1/webhooks", host.OperatorToken)).Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task With_the_right_token_every_route_answers_json(string method, string route, string? body, bool operatorRoute)
    {
        await EnsureSecret();
        using var http = host.Http();
        if (route.EndsWith(":watch?consumerId=curl", StringComparison.Ordinal) || route.StartsWith("/v1/events", StringComparison.Ordinal)
            || route.StartsWith("/v1/audit", StringComparison.Ordinal))
        {
            // A stream: the first line (the current state) is enough.
            using var request = new HttpRequestMessage(HttpMethod.Get, route);
            request.Headers.Authorization = new("Bearer", operatorRoute ? host.OperatorToken : host.ConsumerToken);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var first = System.Text.Json.JsonDocument.Parse((await reader.ReadLineAsync())!).RootElement;
            // A stream: its first line (the consumer's current state, the subscription, the first audit record) is enough.
            if (route.StartsWith("/v1/events", StringComparison.Ordinal)) Assert.Equal("subscribed", first.GetProperty("kind").GetString());
            else Assert.Equal("/http/routes", first.GetProperty("path").GetString());
            return;
        }
        if (route.EndsWith(":removeConsumer", StringComparison.Ordinal))
        {
            // Something to remove: the consumer registers first, as curl would.
            await host.BeatAsync("/http/routes", "curl", 1);
        }
        var answer = await JsonApi.SendAsync(http, new HttpMethod(method), route, operatorRoute ? host.OperatorToken : host.ConsumerToken, body);
        // cancel, promote and resume have nothing to act on here, and verify no test to run: a refusal in the contract's
        // shape is the right answer. This host has no backend, so a managed secret is refused naming the field.
        if (route.EndsWith(":cancel", StringComparison.Ordinal) || route.EndsWith(":promote", StringComparison.Ordinal) || route.EndsWith(":verify", StringComparison.Ordinal)
            || route.EndsWith(":resume", StringComparison.Ordinal))
        {
            Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
            Assert.Equal("failed", answer.Reason);
            return;
        }
        if (route.EndsWith("/managed", StringComparison.Ordinal))
        {
            Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
            Assert.Equal("bad_input", answer.Reason);
            return;
        }
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal(System.Text.Json.JsonValueKind.Object, answer.Json.ValueKind);
    }

    [Fact]
    public async Task Bad_input_gets_the_field_and_the_rule_and_writes_nothing()
    {
        // A secret of its own, so no other test's consumers or rotations blur "nothing was written".
        using (var setup = host.Http())
            Assert.Equal(HttpStatusCode.OK, (await JsonApi.SendAsync(setup, HttpMethod.Put, "/v1/secrets/http/bad", host.OperatorToken, """{"value":"bad-input-value"}""")).Status);
        var before = await History("/http/bad");
        using var http = host.Http();
        var token = host.OperatorToken;
        var cases = new (string What, HttpMethod Method, string Route, string? Body, string ContentType, string? Field, string Rule)[]
        {
            ("malformed JSON", HttpMethod.Put, "/v1/secrets/http/bad", """{"value":""", "application/json", "body", "must be one JSON object"),
            ("an unknown field", HttpMethod.Put, "/v1/secrets/http/bad", """{"value":"x-value-long","bogus":1}""", "application/json", "bogus", "not a field"),
            ("an unknown query parameter", HttpMethod.Get, "/v1/secrets/http/bad:value?revael=true", null, "application/json", "revael", "not a parameter"),
            ("not a JSON object", HttpMethod.Put, "/v1/secrets/http/bad", "[1,2]", "application/json", "body", "one JSON object"),
            ("a wrong content type", HttpMethod.Put, "/v1/secrets/http/bad", """{"value":"x-value-long"}""", "text/plain", null, "not a known JSON content type"),
            ("an oversized body", HttpMethod.Put, "/v1/secrets/http/bad", $$"""{"value":"{{new string('a', 300_000)}}"}""", "application/json", "body", "must be at most 262144 bytes"),
            ("an empty value", HttpMethod.Put, "/v1/secrets/http/bad", """{"value":""}""", "application/json", "value", "must not be empty"),
            ("a value and generate", HttpMethod.Put, "/v1/secrets/http/bad", """{"value":"x-value-long","generate":"hex"}""", "application/json", "value", "not both"),
            ("an unknown strategy", HttpMethod.Post, "/v1/secrets/http/bad:rotate", """{"strategy":"sideways"}""", "application/json", "strategy", "must be one of"),
            ("a negative timeout", HttpMethod.Post, "/v1/secrets/http/bad:rotate", """{"migrationTimeout":"-5s"}""", "application/json", "migrationTimeout", "negative"),
            ("an invalid cron expression", HttpMethod.Put, "/v1/secrets/http/bad:policy", """{"schedule":"0 3 * *"}""", "application/json", "schedule.expression", "nor a valid cron expression"),
            ("a window that ends before it starts", HttpMethod.Put, "/v1/secrets/http/bad:policy", """{"schedule":"rate(1 days)","window":"04:00-02:00"}""", "application/json", "schedule.window", "ends before it starts"),
            ("an unknown time zone", HttpMethod.Put, "/v1/secrets/http/bad:policy", """{"schedule":"rate(1 days)","timeZone":"Mars/Olympus"}""", "application/json", "schedule.timeZone", "unknown time zone"),
            ("jitter longer than the interval", HttpMethod.Put, "/v1/secrets/http/bad:policy", """{"schedule":"rate(1 hours)","jitter":"7200s"}""", "application/json", "schedule.jitter", "shorter than the schedule's interval"),
            ("a window without a schedule", HttpMethod.Put, "/v1/secrets/http/bad:policy", """{"window":"02:00-04:00"}""", "application/json", "schedule", "is required"),
            ("negative retry attempts", HttpMethod.Put, "/v1/secrets/http/bad:policy", """{"schedule":"rate(1 days)","retryAttempts":-1}""", "application/json", "schedule.retry.attempts", "between 1 and 10"),
            ("an encoded .. in the path", HttpMethod.Get, "/v1/secrets/http/%2e%2e/routes", null, "application/json", "path", "'..'"),
            ("a bad path segment", HttpMethod.Get, "/v1/secrets/http/rou%20tes", null, "application/json", "path", "may contain only"),
            ("a heartbeat without a consumer id", HttpMethod.Post, "/v1/credentials/http/bad:heartbeat", """{"version":1}""", "application/json", "consumerId", "must not be empty"),
            ("a heartbeat without a version", HttpMethod.Post, "/v1/credentials/http/bad:heartbeat", """{"consumerId":"curl"}""", "application/json", "version", "1 or more"),
            ("a heartbeat with an unknown role", HttpMethod.Post, "/v1/credentials/http/bad:heartbeat", """{"consumerId":"curl","version":1,"role":"boss"}""", "application/json", "role", "client or resource"),
        };
        foreach (var c in cases)
        {
            var consumerRoute = c.Route.StartsWith("/v1/credentials", StringComparison.Ordinal);
            // Sent as typed (as curl --path-as-is would): the client must not resolve the dot segment, the server must refuse it.
            var uri = new Uri(host.ApiUrl + c.Route.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
            using var request = new HttpRequestMessage(c.Method, uri) { Content = c.Body is null ? null : new StringContent(c.Body, System.Text.Encoding.UTF8, c.ContentType) };
            request.Headers.Authorization = new("Bearer", consumerRoute ? host.ConsumerToken : token);
            // --path-as-is: HttpClient would not resolve the dot segment itself, the server must refuse it.
            using var response = await http.SendAsync(request);
            var answer = new JsonAnswer(response.StatusCode, await response.Content.ReadAsStringAsync());
            var expected = c.What == "an oversized body" ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.BadRequest;
            Assert.True(answer.Status == expected, $"{c.What}: {answer}");
            Assert.Contains(c.Rule, answer.Body, StringComparison.Ordinal);
            if (c.Field is not null)
            {
                Assert.Equal("bad_input", answer.Reason);
                Assert.True(answer.Field == c.Field, $"{c.What}: {answer}");
            }
        }
        Assert.Equal(before, await History("/http/bad"));
        Assert.Empty(HostProcess.Json(await host.RunAsync("secret", "consumers", "/http/bad", "--json")).GetProperty("consumers").EnumerateArray());
    }

    [Fact]
    public async Task A_watch_for_a_secret_that_does_not_exist_is_refused()
    {
        using var http = host.Http();
        var answer = await JsonApi.SendAsync(http, HttpMethod.Get, "/v1/credentials/http/never-written:watch?consumerId=curl", host.ConsumerToken);
        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("not_found", answer.Reason);
    }
}
