using System.Net;
using System.Text.Json;
using HarombeActors.Cli.Tests.Support;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// Emergency rotation and security events through the front door of a real host, watched on its event stream
/// (GET /v1/events) as an operator's tool would: the emergency pre-empts a held dual-write, the stream tells of it, the
/// trigger rules and the cool-down answer as documented, and bad input is refused naming the field.
/// </summary>
public class EmergencyApiTests(FrontDoorHost host) : IClassFixture<FrontDoorHost>
{
    /// <summary>Opens the event stream and returns once the host says the subscription is in place.</summary>
    private async Task<(HttpClient Http, HttpResponseMessage Response, StreamReader Lines)> Watch(string prefix)
    {
        var http = host.Http();
        http.Timeout = Timeout.InfiniteTimeSpan;
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/events?prefix={Uri.EscapeDataString(prefix)}");
        request.Headers.Authorization = new("Bearer", host.OperatorToken);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("subscribed", Kind(await Next(lines)));
        return (http, response, lines);
    }

    private static async Task<JsonElement> Next(StreamReader lines)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await lines.ReadLineAsync(limit.Token);
        Assert.NotNull(line);
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    private static string? Kind(JsonElement e) => e.GetProperty("kind").GetString();

    private async Task<JsonAnswer> Send(HttpMethod method, string route, string? body, string? token = null)
    {
        using var http = host.Http();
        return await JsonApi.SendAsync(http, method, route, token ?? host.OperatorToken, body);
    }

    [Fact]
    public async Task An_emergency_preempts_a_held_dual_write_rotates_within_a_second_and_is_told_on_the_event_stream()
    {
        const string path = "/emergency/held";
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Put, "/v1/secrets" + path, """{"value":"suspect-value-1"}""")).Status);
        // A consumer that never moves holds the dual-write (stale only after an hour).
        await host.BeatAsync(path, "slow-svc", 1);
        var started = await Send(HttpMethod.Post, $"/v1/secrets{path}:rotate",
            """{"strategy":"dual-write","noVerify":true,"migrationTimeout":"3600s","staleAfter":"3600s","onTimeout":"hold","noWait":true}""");
        Assert.True(started.Status == HttpStatusCode.OK, started.ToString());
        var held = JsonDocument.Parse(started.Body.Trim().Split('\n')[0]).RootElement.GetProperty("accepted").GetProperty("rotationId").GetString();

        var (http, response, lines) = await Watch(path);
        using (http)
        using (response)
        using (lines)
        {
            var emergency = await Send(HttpMethod.Post, $"/v1/secrets{path}:emergency", """{"reason":"key found in a public paste"}""");
            Assert.True(emergency.Status == HttpStatusCode.OK, emergency.ToString());
            var result = JsonDocument.Parse(emergency.Body.Trim().Split('\n')[^1]).RootElement.GetProperty("result");
            Assert.Equal(("immediate", "success", 3), (result.GetProperty("strategy").GetString(), result.GetProperty("status").GetString(), result.GetProperty("newVersion").GetInt32()));

            var declared = await Next(lines);
            Assert.Equal(("emergency.declared", held, "key found in a public paste"), (Kind(declared), declared.GetProperty("rotationId").GetString(), declared.GetProperty("reason").GetString()));
            Assert.Equal("operator", declared.GetProperty("by").GetString());
            var kinds = new List<string?>();
            JsonElement last;
            do
            {
                last = await Next(lines);
                kinds.Add(Kind(last));
            }
            while (Kind(last) != "rotation.completed");
            Assert.Equal(["rolled_back", "rotation.failed", "rotation.started", "rotation.completed"], kinds);
            // Within a second of being asked, by the host's own clock: from the declaration to the new value being current.
            Assert.True(last.GetProperty("at").GetDateTimeOffset() - declared.GetProperty("at").GetDateTimeOffset() < TimeSpan.FromSeconds(1), $"{declared} .. {last}");
        }

        var status = (await Send(HttpMethod.Get, "/v1/secrets" + path, null)).Json;
        Assert.Equal([3], status.GetProperty("validVersions").EnumerateArray().Select(v => v.GetInt32()));
        var history = (await Send(HttpMethod.Get, $"/v1/secrets{path}:history", null)).Body;
        Assert.Contains("key found in a public paste", history, StringComparison.Ordinal);
        Assert.DoesNotContain("suspect-value-1", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Security_events_rotate_by_the_rules_once_per_cooldown_and_say_why()
    {
        const string path = "/emergency/events";
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Put, "/v1/secrets" + path, """{"value":"watched-value-1"}""")).Status);
        var quiet = (await Send(HttpMethod.Post, $"/v1/secrets{path}:securityEvent", """{"type":"suspicious_access","severity":"high"}""")).Json;
        Assert.False(quiet.TryGetProperty("rotated", out var r) && r.GetBoolean());
        Assert.Contains("does not rotate", quiet.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var leak = (await Send(HttpMethod.Post, $"/v1/secrets{path}:securityEvent", """{"type":"leaked_credential","severity":"high","description":"seen in a log"}""")).Json;
        Assert.True(leak.GetProperty("rotated").GetBoolean());
        Assert.Equal("high severity leaked_credential rotates", leak.GetProperty("reason").GetString());

        var again = (await Send(HttpMethod.Post, $"/v1/secrets{path}:securityEvent", """{"type":"failed_auth_spike","severity":"low","failedCount":50}""")).Json;
        Assert.False(again.TryGetProperty("rotated", out var r2) && r2.GetBoolean());
        Assert.Contains("cool-down", again.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await Send(HttpMethod.Get, "/v1/secrets" + path, null)).Json.GetProperty("currentVersion").GetInt32());
    }

    [Fact]
    public async Task Bad_emergencies_and_security_events_are_refused_naming_the_field_and_write_nothing()
    {
        const string path = "/emergency/bad";
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Put, "/v1/secrets" + path, """{"value":"bad-input-value-1"}""")).Status);
        var before = (await Send(HttpMethod.Get, $"/v1/secrets{path}:history", null)).Body;
        var cases = new (string Route, string Body, string Field)[]
        {
            (":emergency", "{}", "reason"),
            (":emergency", """{"reason":"   "}""", "reason"),
            (":securityEvent", """{"type":"leaked_credential","severity":"apocalyptic"}""", "severity"),
            (":securityEvent", """{"type":"leaked_credential"}""", "severity"),
            (":securityEvent", """{"type":"Leaked Credential","severity":"high"}""", "type"),
            (":securityEvent", """{"type":"failed_auth_spike","severity":"low","failedCount":-3}""", "failedCount"),
            (":securityEvent", """{"type":"rate_limit_exceeded","severity":"low","violationCount":-1}""", "violationCount"),
            (":securityEvent", """{"type":"manual_trigger","severity":"low","sourceIp":"nowhere"}""", "sourceIp"),
        };
        foreach (var (route, body, field) in cases)
        {
            var answer = await Send(HttpMethod.Post, $"/v1/secrets{path}{route}", body);
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{route} {body}: {answer}");
            Assert.Equal("bad_input", answer.Reason);
            Assert.True(answer.Field == field, $"{route} {body}: {answer}");
        }
        Assert.Equal(before, (await Send(HttpMethod.Get, $"/v1/secrets{path}:history", null)).Body);
    }
}
