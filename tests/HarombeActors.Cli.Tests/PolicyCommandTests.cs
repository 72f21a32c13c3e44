using System.Text.Json;
using HarombeActors.Cli.Tests.Support;

namespace HarombeActors.Cli.Tests;

/// <summary>`policy show|set|clear` and `secret resume` through a real host: a schedule is stored, shown with its next time, kept while other fields change, and removed.</summary>
public class PolicyCommandTests
{
    private static async Task<JsonElement> Json(HostProcess host, params string[] args)
    {
        var run = await host.RunAsync([.. args, "--json"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return HostProcess.Json(run);
    }

    [Fact]
    public async Task A_schedule_is_set_shown_kept_and_cleared_and_status_shows_the_next_rotation()
    {
        await using var host = await HostProcess.StartNewAsync();
        const string path = "/policy/nightly";
        Assert.Equal(0, (await host.PipeAsync("nightly-v1", "secret", "put", path)).ExitCode);
        var shown = await Json(host, "policy", "show", path);
        Assert.True(shown.GetProperty("isDefault").GetBoolean());
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("nextRotation").ValueKind);

        var before = DateTimeOffset.UtcNow;
        var set = await Json(host, "policy", "set", path, "--schedule", "0 3 * * *", "--window", "02:00-04:00", "--timezone", "Europe/Berlin", "--jitter", "30m",
            "--strategy", "blue-green", "--no-verify");
        var schedule = set.GetProperty("policy").GetProperty("schedule");
        Assert.Equal(("0 3 * * *", "02:00-04:00", "Europe/Berlin", 1800.0), (schedule.GetProperty("expression").GetString(), schedule.GetProperty("window").GetString(),
            schedule.GetProperty("timeZone").GetString(), schedule.GetProperty("jitterSeconds").GetDouble()));
        Assert.Equal("blue-green", set.GetProperty("policy").GetProperty("strategy").GetString());
        var next = set.GetProperty("nextRotation").GetProperty("at").GetDateTimeOffset();
        // 03:00 in Berlin, plus at most 30 minutes of jitter, within the next day.
        var local = TimeZoneInfo.ConvertTime(next, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.InRange(local.TimeOfDay, TimeSpan.FromHours(3), TimeSpan.FromHours(3.5));
        Assert.InRange(next, before, before.AddDays(1).AddMinutes(31));

        var status = await Json(host, "secret", "status", path);
        Assert.Equal(next, status.GetProperty("nextRotation").GetProperty("at").GetDateTimeOffset());
        var table = await host.RunAsync("secret", "status", path);
        Assert.Contains("0 3 * * * within 02:00-04:00 Europe/Berlin", table.Stdout, StringComparison.Ordinal);
        // The list (the secret catalog) shows the same next time, in JSON and in its table.
        var listed = (await Json(host, "secret", "list", "--prefix", "/policy/")).GetProperty("items").EnumerateArray().Single();
        Assert.Equal(next, listed.GetProperty("nextRotationAt").GetDateTimeOffset());
        Assert.Contains($"{next.UtcDateTime:u}", (await host.RunAsync("secret", "list", "--prefix", "/policy/")).Stdout, StringComparison.Ordinal);

        // Another field changes: the schedule and its time stay.
        var changed = await Json(host, "policy", "set", path, "--strategy", "staged");
        Assert.Equal(next, changed.GetProperty("nextRotation").GetProperty("at").GetDateTimeOffset());
        Assert.Equal("0 3 * * *", changed.GetProperty("policy").GetProperty("schedule").GetProperty("expression").GetString());

        var unscheduled = await Json(host, "policy", "set", path, "--no-schedule");
        Assert.Equal(JsonValueKind.Null, unscheduled.GetProperty("policy").GetProperty("schedule").ValueKind);
        Assert.Equal(JsonValueKind.Null, unscheduled.GetProperty("nextRotation").ValueKind);
        Assert.Equal("staged", unscheduled.GetProperty("policy").GetProperty("strategy").GetString());

        Assert.True((await Json(host, "policy", "clear", path)).GetProperty("isDefault").GetBoolean());
        var resume = await host.RunAsync("secret", "resume", path);
        Assert.Equal(1, resume.ExitCode);
        Assert.Contains("does not need attention", resume.Stderr, StringComparison.Ordinal);

        var history = await host.RunAsync("secret", "history", path);
        Assert.Contains("next rotation due", history.Stdout, StringComparison.Ordinal);
        Assert.Contains("schedule stopped", history.Stdout, StringComparison.Ordinal);
    }
}
