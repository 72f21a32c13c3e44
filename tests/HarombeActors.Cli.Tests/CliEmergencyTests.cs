using System.Text.Json;
using HarombeActors.Cli.Tests.Support;

namespace HarombeActors.Cli.Tests;

/// <summary>`secret emergency` from the command line against a real host: it rotates at once and records who and why.</summary>
public class CliEmergencyTests
{
    [Fact]
    public async Task An_emergency_from_the_cli_rotates_at_once_and_records_who_and_why()
    {
        await using var host = await HostProcess.StartNewAsync();
        const string path = "/emergency/cli";
        Assert.Equal(0, (await host.PipeAsync("suspect-value-1", "secret", "put", path)).ExitCode);

        var run = await host.RunAsync("secret", "emergency", path, "--reason", "key pasted in a public channel");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("suspect-value-1", run.Stdout + run.Stderr, StringComparison.Ordinal);

        var status = HostProcess.Json(await host.RunAsync("secret", "status", path, "--json"));
        Assert.Equal(2, status.GetProperty("currentVersion").GetInt32());
        var history = await host.RunAsync("secret", "history", path, "--json");
        var emergency = HostProcess.Json(history).GetProperty("events").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "EmergencyDeclared");
        Assert.Contains("key pasted in a public channel", emergency.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, emergency.GetProperty("summary").ValueKind);
    }

    [Fact]
    public async Task Control_characters_in_a_reason_reach_the_terminal_as_escapes()
    {
        await using var host = await HostProcess.StartNewAsync();
        const string path = "/emergency/escapes";
        Assert.Equal(0, (await host.PipeAsync("suspect-value-1", "secret", "put", path)).ExitCode);
        // An escape sequence that would clear the screen, and a carriage return that would overwrite the line.
        Assert.Equal(0, (await host.RunAsync("secret", "emergency", path, "--reason", "leaked\u001b[2J\rall is well")).ExitCode);

        var table = await host.RunAsync("secret", "history", path);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("leaked\\x1b[2J\\x0dall is well", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(table.Stdout.Replace("\n", "", StringComparison.Ordinal), char.IsControl);
    }
}
