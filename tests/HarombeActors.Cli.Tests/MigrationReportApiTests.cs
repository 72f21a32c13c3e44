using System.Net;
using System.Text.Json;
using HarombeActors.Cli.Tests.Support;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// `secret report` and GET :report on a real host: a dual-write that consumers (over the API's heartbeats) move
/// through one by one, one never moving, promoted by hand. Every number in the report is checked against the
/// secret's own events as the audit export lists them.
/// </summary>
public class MigrationReportApiTests(FrontDoorHost host) : IClassFixture<FrontDoorHost>
{
    [Fact]
    public async Task The_report_of_a_dual_write_matches_its_events()
    {
        const string path = "/report/dual";
        await host.HeldDualWriteAsync(path, "report-plaintext-1", "api-1", "api-2", "batch");

        var during = await host.RunAsync("secret", "report", path, "--json");
        Assert.True(during.ExitCode == 0, during.ToString());
        var open = JsonDocument.Parse(during.Stdout).RootElement;
        Assert.Equal(("in progress", "dual mode on"), (open.GetProperty("outcome").GetString(), open.GetProperty("switchKind").GetString()));
        Assert.Equal(["api-1", "api-2", "batch"], open.GetProperty("notMoved").EnumerateArray().Select(e => e.GetString()));

        await host.BeatAsync(path, "api-1", 2);
        await host.BeatAsync(path, "api-2", 2);
        // Both moves are recorded before the promotion (a heartbeat's answer does not wait for its event).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await host.ConsumersAsync(path, n => n == 3)).EnumerateArray().Count(c => c.GetProperty("secretVersion").GetInt32() == 2) < 2)
            Assert.True(DateTime.UtcNow < deadline, "the two consumers' moves were never recorded");
        var promote = await host.RunAsync("secret", "promote", path);
        Assert.True(promote.ExitCode == 0, promote.ToString());

        var run = await host.RunAsync("secret", "report", path, "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("report-plaintext", run.Stdout, StringComparison.Ordinal);
        var report = JsonDocument.Parse(run.Stdout).RootElement;
        var audit = (await host.RunAsync("audit", "export", "--path", path)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        var dual = audit.Single(r => r.GetProperty("kind").GetString() == "DualModeEnabled");
        var migrated = audit.Where(r => r.GetProperty("kind").GetString() == "ConsumerMigrated").ToList();
        var completed = audit.Single(r => r.GetProperty("kind").GetString() == "RotationCompleted");

        Assert.Equal((dual.GetProperty("rotationId").GetString(), "dual-write", "success", 1, 2), (report.GetProperty("rotationId").GetString(),
            report.GetProperty("strategy").GetString(), report.GetProperty("outcome").GetString(), report.GetProperty("oldVersion").GetInt32(), report.GetProperty("newVersion").GetInt32()));
        Assert.Equal(dual.GetProperty("time").GetDateTimeOffset(), report.GetProperty("switchAt").GetDateTimeOffset());
        Assert.Equal(completed.GetProperty("time").GetDateTimeOffset(), report.GetProperty("endedAt").GetDateTimeOffset());
        var moved = report.GetProperty("moved").EnumerateArray().ToList();
        Assert.Equal(migrated.Select(m => m.GetProperty("consumer").GetString()).Order(), moved.Select(m => m.GetProperty("consumerId").GetString()).Order());
        foreach (var move in moved)
        {
            var theEvent = migrated.Single(m => m.GetProperty("consumer").GetString() == move.GetProperty("consumerId").GetString());
            var after = theEvent.GetProperty("time").GetDateTimeOffset() - dual.GetProperty("time").GetDateTimeOffset();
            Assert.Equal(theEvent.GetProperty("time").GetDateTimeOffset(), move.GetProperty("at").GetDateTimeOffset());
            // A protobuf Duration in JSON: decimal seconds ("3.093254100s"), read exactly (a double loses the last tick).
            var seconds = decimal.Parse(move.GetProperty("afterSwitch").GetString()!.TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(after, TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond)));
        }
        Assert.Equal(["batch"], report.GetProperty("notMoved").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, report.GetProperty("distribution").EnumerateArray().Sum(b => b.GetProperty("count").GetInt32()));
        Assert.Equal(report.GetProperty("rotationId").GetString(), report.GetProperty("rotations")[0].GetString());

        var human = await host.RunAsync("secret", "report", path);
        Assert.True(human.ExitCode == 0 && human.Stdout.Contains("batch", StringComparison.Ordinal) && human.Stdout.Contains("dual mode on", StringComparison.Ordinal), human.ToString());
        var unknown = await host.RunAsync("secret", "report", path, "--rotation", "rot-doesnotexist");
        Assert.True(unknown.ExitCode != 0 && unknown.Stderr.Contains("has no rotation", StringComparison.Ordinal), unknown.ToString());
        using var http = host.Http();
        Assert.Equal(HttpStatusCode.BadRequest, (await JsonApi.SendAsync(http, HttpMethod.Get, $"/v1/secrets{path}:report?rotationId=bad%20id", host.OperatorToken)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await JsonApi.SendAsync(http, HttpMethod.Get, $"/v1/secrets{path}:report", host.ConsumerToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await JsonApi.SendAsync(http, HttpMethod.Get, "/v1/secrets/report/never-written:report", host.OperatorToken)).Status);
    }
}
