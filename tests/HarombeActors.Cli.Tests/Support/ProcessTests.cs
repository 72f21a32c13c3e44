namespace HarombeActors.Cli.Tests.Support;

/// <summary>Checks the multi-process tests share, through the CLI (the contract), with wide bounds and what was seen on failure.</summary>
public static class ProcessTests
{
    /// <summary>The secret's rotations ended without their migration timeout (which promotes too, so success alone does not tell); returns the event types.</summary>
    public static async Task<List<string?>> NeverTimedOutAsync(HostProcess host, string path)
    {
        var types = HostProcess.Json(await host.RunAsync("secret", "history", path, "--json")).GetProperty("events").EnumerateArray()
            .Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.DoesNotContain("MigrationTimedOut", types);
        return types;
    }

    /// <summary>The last rotation ended because its last consumer moved: promoted in the same batch as that move.</summary>
    public static async Task PromotedByTheLastMoveAsync(HostProcess host, string path) =>
        Assert.Equal(["ConsumerMigrated", "Promoted", "RotationCompleted"], (await NeverTimedOutAsync(host, path))[^3..]);

    /// <summary>Waits until the cluster has exactly <paramref name="count"/> members.</summary>
    public static async Task MembersAsync(HostProcess host, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var run = await host.RunAsync("cluster", "show", "--json");
            if (run.ExitCode == 0 && HostProcess.Json(run).GetProperty("members").GetArrayLength() == count) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the cluster did not settle on {count} members: {run}\nhost output:\n{host.Tail}");
        }
    }
}
