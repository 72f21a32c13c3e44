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
        var switches = new PolicySwitches();
        var valueStdin = new Option<bool>("--value-stdin") { Description = "read the new value from standard input (default: generate)" };
        var noWait = new Option<bool>("--no-wait") { Description = "return once the rotation has started" };
        var preflight = new Option<bool>("--preflight") { Description = "run the dry run (secret verify) first; start nothing unless it passes" };
        var command = new Command("rotate", "rotate to a new value now (a scheduled secret's schedule then counts from this rotation); waits with a live progress bar unless --no-wait")
        {
            PathArgument, GenerateOption, LengthOption, valueStdin, noWait, preflight,
        };
        foreach (var option in switches.All) command.Options.Add(option);
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

            var overrides = switches.Read(parse);
            if (overrides.Strategy is { } strategy) request.Strategy = strategy;
            if (overrides.OnTimeout is { } onTimeout) request.OnTimeout = onTimeout;
            request.MigrationTimeout = overrides.MigrationTimeout;
            request.StaleAfter = overrides.StaleAfter;
            request.Verify.AddRange(overrides.Verify);
            request.NoVerify = overrides.NoVerify;
            request.NoAutoRollback = overrides.NoAutoRollback;
            return FollowAsync(context, (api, options) => api.Rotate(request, options));
        });
        return command;
    }

    private static Command Emergency()
    {
        var reason = new Option<string>("--reason") { Description = "why (required; recorded with who asked)", Required = true };
        var command = new Command("emergency",
            "rotate NOW because the credential may be compromised: cancels a running rotation first, uses the emergency strategy (immediate by default), never rolls back to the suspect value")
        {
            PathArgument, reason,
        };
        command.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            var request = new EmergencyRequest { Path = ParsePath(parse.GetValue(PathArgument)!), Reason = parse.GetValue(reason)! };
            if (string.IsNullOrWhiteSpace(request.Reason)) throw CliException.BadInput("--reason: is required: say why (it is recorded with who asked)");
            return FollowAsync(context, (api, options) => api.Emergency(request, options));
        });
        return command;
    }

    /// <summary>Follows a rotation's stream: progress drawn as it comes, then exactly one final answer.</summary>
    private static async Task<int> FollowAsync(CliContext context, Func<Operator.OperatorClient, CallOptions, AsyncServerStreamingCall<RotateEvent>> open)
    {
        var silence = context.Timeout > MinSilence ? context.Timeout : MinSilence;
        try
        {
            return await context.CallAsync(async (api, options) =>
            {
                using var call = open(api, options);
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
