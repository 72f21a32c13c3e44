using HarombeActors.Cli.Tests.Support;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// A host that holds one secret, /e2e/bad/target, and must still hold exactly that after every bad input: its history
/// and the whole list of secrets (every path, not one prefix: a bad path could land anywhere) are read once here and
/// compared after each case, so each case checks what it changed itself, whatever ran before it.
/// </summary>
public sealed class BadInputHost : IAsyncLifetime
{
    public const string Target = "/e2e/bad/target";

    public HostProcess Host { get; } = new();
    public string History { get; private set; } = "";
    public string List { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        Assert.Equal(0, (await Host.PipeAsync("target-v1", "secret", "put", Target)).ExitCode);
        History = (await Host.RunAsync("secret", "history", Target, "--json")).Stdout;
        List = (await Host.RunAsync("secret", "list", "--json")).Stdout;
        Assert.Equal([Target], HostProcess.Json(new CliRun(0, List, "")).GetProperty("secrets").EnumerateArray().Select(e => e.GetString()));
    }

    public Task DisposeAsync() => Host.DisposeAsync();
}

public class CliBadInputTests(BadInputHost fixture) : IClassFixture<BadInputHost>
{
    public static TheoryData<string?, string[], string> BadInputs => new()
    {
        { "x", ["secret", "put", "no-slash"], "path" },
        { "x", ["secret", "put", "/a/../b"], "path" },
        { "x", ["secret", "put", "/" + new string('a', 300)], "path" },
        { "x", ["secret", "put", BadInputHost.Target + ".pending"], "path" },
        { "", ["secret", "put", "/e2e/bad/empty"], "value" },
        { new string('v', 70_000), ["secret", "put", "/e2e/bad/big"], "value" },
        { "target-v1", ["secret", "put", BadInputHost.Target], "value" },
        { null, ["secret", "put", "/e2e/bad/gen", "--generate", "base64"], "--generate" },
        { null, ["secret", "put", "/e2e/bad/len", "--generate", "random", "--length", "8"], "--length" },
        { null, ["secret", "rotate", BadInputHost.Target, "--strategy", "rolling"], "--strategy" },
        { null, ["secret", "rotate", BadInputHost.Target, "--on-timeout", "panic"], "--on-timeout" },
        { null, ["secret", "rotate", BadInputHost.Target, "--migration-timeout", "-5s"], "--migration-timeout" },
        { null, ["secret", "rotate", BadInputHost.Target, "--migration-timeout", "soon"], "--migration-timeout" },
        { null, ["secret", "rotate", BadInputHost.Target, "--verify", "no_such_test"], "policy.verificationTests" },
        { null, ["secret", "rotate", "/e2e/bad/missing", "--strategy", "staged"], "does not exist" },
        { null, ["secret", "get", BadInputHost.Target, "--version", "latest"], "--version" },
        { null, ["secret", "frobnicate", BadInputHost.Target], "frobnicate" },
        { null, ["policy", "set", BadInputHost.Target, "--schedule", "0 3 * *"], "schedule.expression" },
        { null, ["policy", "set", BadInputHost.Target, "--schedule", "rate(1 days)", "--window", "04:00-02:00"], "schedule.window" },
        { null, ["policy", "set", BadInputHost.Target, "--schedule", "rate(1 days)", "--timezone", "Mars/Olympus"], "schedule.timeZone" },
        { null, ["policy", "set", BadInputHost.Target, "--schedule", "rate(1 hours)", "--jitter", "2h"], "schedule.jitter" },
        { null, ["policy", "set", BadInputHost.Target, "--schedule", "rate(1 hours)", "--jitter", "-5m"], "--jitter" },
        { null, ["policy", "set", BadInputHost.Target, "--window", "02:00-04:00"], "schedule: is required" },
        { null, ["policy", "set", BadInputHost.Target, "--schedule", "rate(1 days)", "--retry-attempts", "0"], "schedule.retry.attempts" },
        { null, ["policy", "set", BadInputHost.Target, "--schedule", "rate(1 days)", "--no-schedule"], "noSchedule" },
        { null, ["policy", "set", "/e2e/bad/missing", "--schedule", "rate(1 days)"], "does not exist" },
        { null, ["secret", "emergency", BadInputHost.Target], "--reason" },
        { null, ["secret", "emergency", BadInputHost.Target, "--reason", "   "], "--reason" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_refused_naming_the_field_and_nothing_is_written(string? stdin, string[] args, string field)
    {
        var host = fixture.Host;
        var run = await host.WithTail(Processes.RunCliAsync(host.Cli([.. args, "--json"]), stdin));
        // A missing secret is not bad input but a failed operation (exit 1): the rest holds for it the same way.
        Assert.True(run.ExitCode == (field == "does not exist" ? 1 : 2), run.ToString());
        Assert.Contains(field, HostProcess.Json(run).GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(fixture.History, (await host.RunAsync("secret", "history", BadInputHost.Target, "--json")).Stdout);
        Assert.Equal(fixture.List, (await host.RunAsync("secret", "list", "--json")).Stdout);
    }
}
