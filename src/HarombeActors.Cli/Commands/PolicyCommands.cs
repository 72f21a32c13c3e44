using System.CommandLine;
using Duration = Google.Protobuf.WellKnownTypes.Duration;
using HarombeActors.Domain.Policies;
using HarombeActors.Protocol.V1;

namespace HarombeActors.Cli.Commands;

/// <summary>`policy show|set|clear`: the stored policy a secret rotates with, and its schedule.</summary>
public static class PolicyCommands
{
    private static readonly Argument<string> PathArgument = new("path") { Description = "the secret's path, e.g. /secrets/db/password" };

    /// <summary>Jitter and retry delays may be longer than the 24 h of the other durations.</summary>
    private const int LongestDays = 7;

    public static Command Build()
    {
        var policy = new Command("policy", "the stored policy a secret rotates with, and its schedule");
        policy.Subcommands.Add(Verb("show", "the policy, its schedule, the next rotation time and any needs-attention",
            (c, path) => c.RunAsync((api, o) => api.GetPolicyAsync(new PathRequest { Path = path }, o), c.Output.Policy)));
        policy.Subcommands.Add(Set());
        policy.Subcommands.Add(Verb("clear", "back to the default policy (no schedule)",
            (c, path) => c.RunAsync((api, o) => api.ClearPolicyAsync(new PathRequest { Path = path }, o), c.Output.Policy)));
        return policy;
    }

    private static Command Verb(string name, string description, Func<CliContext, string, Task<int>> run)
    {
        var command = new Command(name, description) { PathArgument };
        command.SetAction((parse, _) => run(CliContext.From(parse), SecretCommands.ParsePath(parse.GetValue(PathArgument)!)));
        return command;
    }

    private static Command Set()
    {
        var switches = new PolicySwitches();
        var schedule = new Option<string?>("--schedule") { Description = "rotate by itself: rate(N minutes|hours|days) or a cron expression such as '0 3 * * *'" };
        var window = new Option<string?>("--window") { Description = "only inside this daily window, HH:MM-HH:MM (\"\" removes it); a rotation due outside waits for the next window" };
        var timeZone = new Option<string?>("--timezone") { Description = "IANA time zone of the cron expression and the window (default UTC)" };
        var jitter = new Option<string?>("--jitter") { Description = "spread secrets that share a schedule by up to this long (e.g. 30m); shorter than the interval" };
        var retryInitial = new Option<string?>("--retry-initial") { Description = "first retry delay after a failed scheduled rotation (default 5m); doubles each attempt" };
        var retryMax = new Option<string?>("--retry-max") { Description = "longest retry delay, and the pause between cycles (default 1h)" };
        var retryAttempts = new Option<int?>("--retry-attempts") { Description = "attempts per cycle (default 3)" };
        var retryCycles = new Option<int?>("--retry-cycles") { Description = "cycles before the secret needs attention (default 3)" };
        var noSchedule = new Option<bool>("--no-schedule") { Description = "remove the schedule, keep the rest of the policy" };
        var emergencyStrategy = new Option<string?>("--emergency-strategy") { Description = "how `secret emergency` rotates (default immediate: the old value stops working at once)" };
        var securityCooldown = new Option<string?>("--security-cooldown") { Description = "a security event rotates the secret at most once within this long (default 15m)" };
        var command = new Command("set", "change the stored policy; unset switches keep what is stored. A new schedule counts from now") { PathArgument };
        foreach (var option in switches.All.Concat([schedule, window, timeZone, jitter, retryInitial, retryMax, retryAttempts, retryCycles, noSchedule, emergencyStrategy, securityCooldown]))
            command.Options.Add(option);
        command.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            var overrides = switches.Read(parse);
            var request = new SetPolicyRequest
            {
                Path = SecretCommands.ParsePath(parse.GetValue(PathArgument)!), MigrationTimeout = overrides.MigrationTimeout, StaleAfter = overrides.StaleAfter,
                NoVerify = overrides.NoVerify, NoAutoRollback = overrides.NoAutoRollback, NoSchedule = parse.GetValue(noSchedule), Verify = { overrides.Verify },
            };
            if (overrides.Strategy is { } strategy) request.Strategy = strategy;
            if (overrides.OnTimeout is { } onTimeout) request.OnTimeout = onTimeout;
            if (parse.GetValue(schedule) is { } expression) request.Schedule = expression;
            if (parse.GetValue(window) is { } w) request.Window = w;
            if (parse.GetValue(timeZone) is { } zone) request.TimeZone = zone;
            request.Jitter = Long(parse.GetValue(jitter), "--jitter");
            request.RetryInitialDelay = Long(parse.GetValue(retryInitial), "--retry-initial");
            request.RetryMaxDelay = Long(parse.GetValue(retryMax), "--retry-max");
            if (parse.GetValue(retryAttempts) is { } attempts) request.RetryAttempts = attempts;
            if (parse.GetValue(retryCycles) is { } cycles) request.RetryCycles = cycles;
            if (parse.GetValue(emergencyStrategy) is { } rawEmergency)
                request.EmergencyStrategy = PolicyNames.TryParseStrategy(rawEmergency, out var s) ? s.Name()
                    : throw CliException.BadInput($"--emergency-strategy: must be one of immediate, staged, dual-write, blue-green (got '{rawEmergency}')");
            request.SecurityCooldown = Long(parse.GetValue(securityCooldown), "--security-cooldown");
            return context.RunAsync((api, o) => api.SetPolicyAsync(request, o), context.Output.Policy);
        });
        return command;
    }

    private static Duration? Long(string? raw, string option) => raw is null ? null : Duration.FromTimeSpan(Durations.Parse(raw, option, LongestDays));
}
