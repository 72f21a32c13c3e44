using System.CommandLine;
using HarombeActors.Contracts.Operator;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Generation;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Values;

namespace HarombeActors.Cli.Commands;

public static partial class SecretCommands
{
    private static readonly Principal Unstamped = new("cli"); // the gateway replaces it with the token's name

    public static Command Build()
    {
        var secret = new Command("secret", "write, read, rotate and roll back secrets");
        secret.Subcommands.Add(Put());
        secret.Subcommands.Add(Get());
        secret.Subcommands.Add(List());
        secret.Subcommands.Add(PathVerb("status", "versions, labels, the running rotation, consumers and policy", p => new GetStatus(p)));
        secret.Subcommands.Add(PathVerb("history", "the event log (audit trail), without values", p => new GetHistory(p)));
        secret.Subcommands.Add(PathVerb("consumers", "each consumer's version, last heartbeat and migration status", p => new GetConsumers(p)));
        secret.Subcommands.Add(Rotate());
        // Rolling back a held dual-write abandons it, which reports rolled_back rather than success: like cancel, the
        // operation itself succeeded (exit 0). A rollback that cannot happen is refused and exits by its code.
        secret.Subcommands.Add(PathVerb("rollback", "restore the previous version (blue-green: switch the pointer back)", p => new RollbackSecret(p, Unstamped), abandoning: true));
        secret.Subcommands.Add(PathVerb("cancel", "abort the running rotation and return to the old value", p => new CancelRotation(p, Unstamped), abandoning: true));
        secret.Subcommands.Add(PathVerb("promote", "promote a dual-write rotation now (a held one, or one still waiting)", p => new PromoteRotation(p, Unstamped)));
        return secret;
    }

    private static readonly Argument<string> PathArgument = new("path") { Description = "the secret's path, e.g. /secrets/db/password" };

    public static SecretPath ParsePath(string raw) =>
        SecretPath.TryParse(raw, out var path, out var rejection) ? path : throw CliException.BadInput(rejection.Message);

    private static Command PathVerb(string name, string description, Func<SecretPath, ISecretMessage> message, bool abandoning = false)
    {
        var command = new Command(name, description) { PathArgument };
        command.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            var path = ParsePath(parse.GetValue(PathArgument)!);
            return context.RunAsync(token => new OperatorSecretRequest(token, message(path)), abandoning: abandoning);
        });
        return command;
    }

    private static readonly Option<string?> GenerateOption = new("--generate") { Description = "generate the value: random, uuid or hex" };
    private static readonly Option<int> LengthOption = new("--length") { Description = "generated length, 16 to 128 (default 32)", DefaultValueFactory = _ => GeneratorSpec.DefaultLength };

    private static GeneratorSpec? Generator(ParseResult parse)
    {
        var kind = parse.GetValue(GenerateOption);
        if (kind is null) return null;
        if (!GeneratorSpec.TryParseKind(kind, out var parsed)) throw CliException.BadInput($"--generate: must be one of random, uuid, hex (got '{kind}')");
        var spec = new GeneratorSpec(parsed, parse.GetValue(LengthOption));
        return spec.Validate() is { } rejection ? throw CliException.BadInput(rejection.Message.Replace("generator.length", "--length", StringComparison.Ordinal)) : spec;
    }

    /// <summary>The value comes from standard input, never from an argument (shell history, the process list).</summary>
    private static SecretValue ValueFromStdin()
    {
        if (!Console.IsInputRedirected) throw CliException.BadInput("value: pipe it on standard input (or use --generate); values are never taken from arguments");
        var raw = Console.In.ReadToEnd();
        if (raw.EndsWith("\r\n", StringComparison.Ordinal)) raw = raw[..^2];
        else if (raw.EndsWith('\n')) raw = raw[..^1];
        return SecretValue.TryCreate(raw, out var value, out var rejection) ? value : throw CliException.BadInput(rejection.Message);
    }

    private static Command Put()
    {
        var command = new Command("put", "write a value (from standard input, or --generate); it becomes current at once") { PathArgument, GenerateOption, LengthOption };
        command.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            var path = ParsePath(parse.GetValue(PathArgument)!);
            var value = Generator(parse) is { } spec ? SecretGenerator.Generate(spec) : ValueFromStdin();
            return context.RunAsync(token => new OperatorSecretRequest(token, new WriteSecret(path, value, Unstamped)));
        });
        return command;
    }

    private static Command Get()
    {
        var version = new Option<string?>("--version") { Description = "current (default), pending, previous, blue, green, or a version number" };
        var reveal = new Option<bool>("--reveal") { Description = "print the value itself (masked otherwise)" };
        var command = new Command("get", "read a value, masked unless --reveal; PATH.blue, .green, .pending, .previous select too") { PathArgument, version, reveal };
        command.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            VersionSelector.TrySplitAddress(parse.GetValue(PathArgument)!, out var rawPath, out var selector, out var metadata);
            var path = ParsePath(rawPath);
            if (parse.GetValue(version) is { } v && !VersionSelector.TryParse(v, out selector))
                throw CliException.BadInput($"--version: must be current, pending, previous, blue, green or a version number (got '{v}')");
            ISecretMessage message = metadata ? new GetStatus(path) : new GetSecret(path, selector, parse.GetValue(reveal));
            return context.RunAsync(token => new OperatorSecretRequest(token, message));
        });
        return command;
    }

    private static Command List()
    {
        var prefix = new Option<string?>("--prefix") { Description = "only paths starting with this" };
        var command = new Command("list", "every secret's path") { prefix };
        command.SetAction((parse, _) => CliContext.From(parse).RunAsync(token => new OperatorClusterRequest(token, ClusterVerb.ListSecrets, parse.GetValue(prefix))));
        return command;
    }
}
