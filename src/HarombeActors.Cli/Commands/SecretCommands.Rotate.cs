using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HarombeActors.Domain.Policies;
using HarombeActors.Protocol.V1;

namespace HarombeActors.Cli.Commands;

public static partial class SecretCommands
{
    /// <summary>Between two messages of a running rotation, silence longer than this (or --timeout, if longer) means the contact is lost.</summary>
    private static readonly TimeSpan MinSilence = TimeSpan.FromSeconds(30);

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
        var preflight = new Option<bool>("--preflight") { Description = "run the dry run (secret verify) first; start nothing unless it passes" };
        var command = new Command("rotate", "rotate to a new value; waits with a live progress bar unless --no-wait")
        {
            PathArgument, strategy, verify, noVerify, noAutoRollback, migrationTimeout, staleAfter, onTimeout, GenerateOption, LengthOption, valueStdin, noWait, preflight,
        };
        command.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            var request = new RotateRequest { Path = ParsePath(parse.GetValue(PathArgument)!), NoWait = parse.GetValue(noWait), Preflight = parse.GetValue(preflight) };
            var generator = Generator(parse);
            if (generator is not null && parse.GetValue(valueStdin)) throw CliException.BadInput("--value-stdin: give either --value-stdin or --generate, not both");
            if (generator is { } g)
            {
                request.Generate = g.Kind;
                request.Length = g.Length;
            }
            if (parse.GetValue(valueStdin)) request.Value = ValueFromStdin();

            // Overrides, each checked here so the error names the switch; the host validates the whole policy again.
            if (parse.GetValue(strategy) is { } rawStrategy)
                request.Strategy = PolicyNames.TryParseStrategy(rawStrategy, out var s) ? s.Name() : throw CliException.BadInput($"--strategy: must be one of immediate, staged, dual-write, blue-green (got '{rawStrategy}')");
            if (parse.GetValue(onTimeout) is { } rawAction)
                request.OnTimeout = PolicyNames.TryParseTimeoutAction(rawAction, out var a) ? a.Name() : throw CliException.BadInput($"--on-timeout: must be one of promote, rollback, hold (got '{rawAction}')");
            if (parse.GetValue(migrationTimeout) is { } rawTimeout) request.MigrationTimeout = Duration.FromTimeSpan(Durations.Parse(rawTimeout, "--migration-timeout"));
            if (parse.GetValue(staleAfter) is { } rawStale) request.StaleAfter = Duration.FromTimeSpan(Durations.Parse(rawStale, "--stale-after"));
            if (parse.GetValue(verify)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { } tests)
            {
                if (parse.GetValue(noVerify)) throw CliException.BadInput("--verify: give either --verify or --no-verify, not both");
                request.Verify.AddRange(tests);
            }
            request.NoVerify = parse.GetValue(noVerify);
            request.NoAutoRollback = parse.GetValue(noAutoRollback);
            return RunRotateAsync(context, request);
        });
        return command;
    }

    /// <summary>Follows the stream: progress drawn as it comes, then exactly one final answer.</summary>
    private static async Task<int> RunRotateAsync(CliContext context, RotateRequest request)
    {
        var silence = context.Timeout > MinSilence ? context.Timeout : MinSilence;
        try
        {
            return await context.CallAsync(async (api, options) =>
            {
                using var call = api.Rotate(request, options);
                var first = true;
                while (true)
                {
                    var wait = first ? context.Timeout : silence;
                    using var quiet = new CancellationTokenSource(wait);
                    bool more;
                    try
                    {
                        more = await call.ResponseStream.MoveNext(quiet.Token);
                    }
                    catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && quiet.IsCancellationRequested)
                    {
                        throw new CliException(ExitCodes.Unreachable, "unreachable",
                            first ? $"no answer within {wait.TotalSeconds:0.#} s" : $"lost contact: nothing heard for {wait.TotalSeconds:0.#} s (check status)");
                    }
                    if (!more) throw new CliException(ExitCodes.Failed, "failed", "the rotation's stream ended without a result (check status)");
                    first = false;
                    var message = call.ResponseStream.Current;
                    switch (message.EventCase)
                    {
                        case RotateEvent.EventOneofCase.Progress:
                            context.Output.Progress(message.Progress);
                            break;
                        case RotateEvent.EventOneofCase.Result:
                            return context.Output.Rotation(message.Result);
                        case RotateEvent.EventOneofCase.Accepted:
                            return context.Output.Accepted(message.Accepted);
                    }
                }
            });
        }
        catch (RpcException e)
        {
            return context.Output.Error(e);
        }
    }
}
