using System.CommandLine;
using HarombeActors.Contracts.Messages;
using HarombeActors.Contracts.Operator;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;

namespace HarombeActors.Cli.Commands;

public static partial class SecretCommands
{
    private static Command Rotate()
    {
        var strategy = new Option<string?>("--strategy") { Description = "immediate, staged, dual-write or blue-green (default: the stored policy's)" };
        var verify = new Option<string?>("--verify") { Description = "verification tests to run, comma-separated" };
        var noVerify = new Option<bool>("--no-verify") { Description = "skip verification" };
        var noAutoRollback = new Option<bool>("--no-auto-rollback") { Description = "keep a failed immediate rotation's value live" };
        var migrationTimeout = new Option<string?>("--migration-timeout") { Description = "dual-write: how long to wait for consumers (e.g. 300s)" };
        var staleAfter = new Option<string?>("--stale-after") { Description = "dual-write: a consumer silent this long is stale and no longer waited for (e.g. 30s)" };
        var onTimeout = new Option<string?>("--on-timeout") { Description = "dual-write: promote, rollback or hold when consumers do not all move" };
        var valueStdin = new Option<bool>("--value-stdin") { Description = "read the new value from standard input (default: generate)" };
        var noWait = new Option<bool>("--no-wait") { Description = "return once the rotation has started" };
        var command = new Command("rotate", "rotate to a new value; waits with a live progress bar unless --no-wait")
        {
            PathArgument, strategy, verify, noVerify, noAutoRollback, migrationTimeout, staleAfter, onTimeout, GenerateOption, LengthOption, valueStdin, noWait,
        };
        command.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            var path = ParsePath(parse.GetValue(PathArgument)!);
            var generator = Generator(parse);
            if (generator is not null && parse.GetValue(valueStdin)) throw CliException.BadInput("--value-stdin: give either --value-stdin or --generate, not both");
            var value = parse.GetValue(valueStdin) ? ValueFromStdin() : null;

            // Overrides, each checked here so the error names the switch; the host validates the whole policy again.
            RotationStrategy? s = parse.GetValue(strategy) is { } rawStrategy
                ? PolicyNames.TryParseStrategy(rawStrategy, out var parsed) ? parsed : throw CliException.BadInput($"--strategy: must be one of immediate, staged, dual-write, blue-green (got '{rawStrategy}')")
                : null;
            MigrationTimeoutAction? action = parse.GetValue(onTimeout) is { } rawAction
                ? PolicyNames.TryParseTimeoutAction(rawAction, out var a) ? a : throw CliException.BadInput($"--on-timeout: must be one of promote, rollback, hold (got '{rawAction}')")
                : null;
            var timeout = parse.GetValue(migrationTimeout) is { } rawTimeout ? Durations.Parse(rawTimeout, "--migration-timeout") : (TimeSpan?)null;
            var stale = parse.GetValue(staleAfter) is { } rawStale ? Durations.Parse(rawStale, "--stale-after") : (TimeSpan?)null;
            var tests = parse.GetValue(verify)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (tests is not null && parse.GetValue(noVerify)) throw CliException.BadInput("--verify: give either --verify or --no-verify, not both");
            var anyOverride = s is not null || action is not null || timeout is not null || stale is not null || tests is not null || parse.GetValue(noVerify) || parse.GetValue(noAutoRollback);
            var wait = !parse.GetValue(noWait);

            return context.RunAsync(async (ask, token) =>
            {
                RotationPolicy? policy = null;
                if (anyOverride)
                {
                    // Start from the stored policy, so unspecified fields keep the operator's settings.
                    var status = await ask(new OperatorSecretRequest(token, new GetStatus(path)));
                    var basePolicy = status.Payload is SecretStatus { Exists: true } st ? st.Policy : RotationPolicy.Default;
                    policy = basePolicy with
                    {
                        Strategy = s ?? basePolicy.Strategy,
                        OnMigrationTimeout = action ?? basePolicy.OnMigrationTimeout,
                        MigrationTimeout = timeout ?? basePolicy.MigrationTimeout,
                        StaleAfter = stale ?? basePolicy.StaleAfter,
                        VerificationTests = tests ?? (parse.GetValue(noVerify) ? [] : basePolicy.VerificationTests),
                        RequireVerification = !parse.GetValue(noVerify) && (tests is not null || basePolicy.RequireVerification),
                        AutoRollback = !parse.GetValue(noAutoRollback) && basePolicy.AutoRollback,
                    };
                }
                return (IHarombeMessage)new OperatorSecretRequest(token,
                    new RotateSecret(path, Unstamped, policy, value, generator, "cli", wait));
            }, showProgress: wait);
        });
        return command;
    }
}
