using System.CommandLine;
using HarombeActors.Cli;
using HarombeActors.Cli.Commands;

// harombe: the operator CLI. Palettes of "module verb --switch" commands, talking to any host's front door (gRPC).
var root = new RootCommand("harombe: operate HarombeActors, zero-downtime secret rotation");
foreach (var option in CliContext.All) root.Options.Add(option);
root.Subcommands.Add(SecretCommands.Build());
root.Subcommands.Add(PolicyCommands.Build());
root.Subcommands.Add(AuditCommands.Build());
root.Subcommands.Add(WebhookCommands.Build());
root.Subcommands.Add(ClusterCommands.Build());
root.Subcommands.Add(ClusterCommands.Stats());

var parse = root.Parse(args);
var json = parse.GetValue(CliContext.JsonOption);
if (parse.Errors.Count > 0)
    return new Output(json, Console.Out, Console.Error).Error(ExitCodes.BadInput, "bad_input", string.Join("; ", parse.Errors.Select(e => e.Message)));
try
{
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (CliException e)
{
    return new Output(json, Console.Out, Console.Error).Error(e.ExitCode, e.Code, e.Message);
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    // Operators get a message, never a stack trace.
    return new Output(json, Console.Out, Console.Error).Error(ExitCodes.Failed, "failed", $"{e.GetType().Name}: {e.Message}");
}
