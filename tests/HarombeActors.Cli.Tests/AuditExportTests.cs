using System.Net;
using System.Text.Json;
using HarombeActors.Cli.Tests.Support;

namespace HarombeActors.Cli.Tests;

/// <summary>`audit export` and the live audit stream of a real host: a rotation's events in journal order, in the documented schema, and never a value.</summary>
public class AuditExportTests(FrontDoorHost host) : IClassFixture<FrontDoorHost>
{
    private const string First = "audit-plaintext-one";
    private const string Second = "audit-plaintext-two";

    private static readonly string[] Keys =
    [
        "schema", "offset", "time", "kind", "path", "rotationId", "version", "fromVersion", "toVersion", "fingerprint", "by", "trigger", "reason", "outcome",
        "strategy", "consumer", "summary",
    ];

    [Fact]
    public async Task The_export_of_a_rotation_lists_its_events_in_order_in_the_schema_and_holds_no_value()
    {
        const string path = "/audit/exported";
        Assert.Equal(0, (await host.PipeAsync(First, "secret", "put", path)).ExitCode);
        var rotate = await host.PipeAsync(Second, "secret", "rotate", path, "--strategy", "staged", "--no-verify", "--value-stdin");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());

        var run = await host.RunAsync("audit", "export", "--path", "/audit/exported");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain(First, run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Second, run.Stdout + run.Stderr, StringComparison.Ordinal);
        var records = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.All(records, r => Assert.Equal(Keys, r.EnumerateObject().Select(p => p.Name)));
        Assert.All(records, r => Assert.Equal(("harombe.audit.v1", path), (r.GetProperty("schema").GetString(), r.GetProperty("path").GetString())));
        var offsets = records.Select(r => r.GetProperty("offset").GetInt64()).ToList();
        Assert.Equal(offsets.Order(), offsets);
        Assert.Equal(["SecretWritten", "RotationStarted", "StagedWritten", "Promoted", "RotationCompleted"], records.Select(r => r.GetProperty("kind").GetString()));

        var started = records[1];
        Assert.Equal(("operator", "manual", "staged", 1), (started.GetProperty("by").GetString(), started.GetProperty("trigger").GetString(),
            started.GetProperty("strategy").GetString(), started.GetProperty("fromVersion").GetInt32()));
        var rotationId = started.GetProperty("rotationId").GetString();
        Assert.All(records.Skip(1), r => Assert.Equal(rotationId, r.GetProperty("rotationId").GetString()));
        Assert.Equal(8, records[2].GetProperty("fingerprint").GetString()!.Length);
        var completed = records[^1];
        Assert.Equal(("success", 1, 2), (completed.GetProperty("outcome").GetString(), completed.GetProperty("fromVersion").GetInt32(), completed.GetProperty("toVersion").GetInt32()));

        var future = await host.RunAsync("audit", "export", "--path", path, "--since", DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        Assert.True(future.ExitCode == 0 && future.Stdout.Trim().Length == 0, future.ToString());
        var bad = await host.RunAsync("audit", "export", "--since", "yesterday-ish");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--since", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_live_stream_tells_of_new_events_and_refuses_without_a_token()
    {
        const string path = "/audit/live";
        using var http = host.Http();
        http.Timeout = Timeout.InfiniteTimeSpan;
        Assert.Equal(HttpStatusCode.Unauthorized, (await JsonApi.SendAsync(http, HttpMethod.Get, "/v1/audit?tail=true", null)).Status);
        Assert.Equal(HttpStatusCode.OK, (await JsonApi.SendAsync(http, HttpMethod.Put, "/v1/secrets" + path, host.OperatorToken, $$"""{"value":"{{First}}"}""")).Status);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/audit?follow=true&prefix={Uri.EscapeDataString(path)}");
        request.Headers.Authorization = new("Bearer", host.OperatorToken);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var written = JsonDocument.Parse((await lines.ReadLineAsync(limit.Token))!).RootElement;
        Assert.Equal("SecretWritten", written.GetProperty("kind").GetString());

        // Followed live: a rotation made now arrives on the open stream.
        using (var rotateClient = host.Http())
            Assert.Equal(HttpStatusCode.OK, (await JsonApi.SendAsync(rotateClient, HttpMethod.Post, $"/v1/secrets{path}:rotate", host.OperatorToken, """{"strategy":"immediate","noVerify":true}""")).Status);
        var kinds = new List<string?>();
        while (kinds.LastOrDefault() != "RotationCompleted")
        {
            var line = await lines.ReadLineAsync(limit.Token);
            Assert.NotNull(line);
            Assert.DoesNotContain(First, line, StringComparison.Ordinal);
            kinds.Add(JsonDocument.Parse(line).RootElement.GetProperty("kind").GetString());
        }
        Assert.Equal(["RotationStarted", "StagedWritten", "Promoted", "RotationCompleted"], kinds);
    }
}
