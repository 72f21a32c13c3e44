using System.Text.RegularExpressions;
using HarombeActors.Cli.Tests.Support;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// The newcomer's demo and the zero-downtime harness, run as the programs they are: the headline promise (no failed
/// request with dual-write and blue-green) is checked on every CI run, not only when someone runs the harness.
/// </summary>
public class ShowcaseProgramTests
{
    // The limits below only stop a hung program: the demo takes seconds, but four test assemblies on two cores can
    // make it take a minute, and that is no failure of the demo.
    [Fact]
    public async Task The_demo_finishes_with_no_failed_request_and_leaves_nothing_behind()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = await Processes.RunProgramAsync(Processes.DemoDll, [], limit: TimeSpan.FromMinutes(4));
        Assert.True(run.ExitCode == 0, $"after {clock.Elapsed.TotalSeconds:0} s: {run}");
        var lines = run.Stdout.Split('\n', StringSplitOptions.TrimEntries);
        var steps = lines.Where(l => Regex.IsMatch(l, @"^(dual-write rotation|blue-green rotation|rollback)\s+\S+\s+(success|rolled_back)\s")).ToList();
        Assert.Equal(3, steps.Count);
        Assert.All(steps, step =>
        {
            var columns = step.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(long.Parse(columns[^2], System.Globalization.NumberStyles.AllowThousands) > 0, "no requests were sent: " + step);
            Assert.Equal("0", columns[^1]);
        });
        var dir = lines.First(l => l.Contains("SQLite files in ", StringComparison.Ordinal)).Split("SQLite files in ")[1];
        Assert.False(Directory.Exists(dir), $"{dir} was left behind");
    }

    [Fact]
    public async Task The_zero_downtime_harness_shows_no_failed_request_for_dual_write_blue_green_and_its_rollback()
    {
        var run = await Processes.RunProgramAsync(Processes.ZeroDowntimeDll, ["5", "3"], limit: TimeSpan.FromMinutes(6));
        Assert.True(run.ExitCode == 0, run.ToString());
        var rows = run.Stdout.Split('\n', StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| strategy", StringComparison.Ordinal))
            .Select(l => l.Trim('|').Split('|', StringSplitOptions.TrimEntries))
            .ToDictionary(cells => cells[0], cells => (Requests: long.Parse(cells[1], System.Globalization.NumberStyles.AllowThousands), Failed: long.Parse(cells[2], System.Globalization.NumberStyles.AllowThousands)));
        Assert.Equal(["immediate", "staged", "dual-write", "blue-green", "rollback after staged", "rollback after blue-green"], rows.Keys);
        Assert.All(rows.Values, r => Assert.True(r.Requests > 0));
        Assert.Equal(0, rows["dual-write"].Failed);
        Assert.Equal(0, rows["blue-green"].Failed);
        Assert.Equal(0, rows["rollback after blue-green"].Failed);
    }
}
