using System.CommandLine;
using HarombeActors.Domain.Generation;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Queries;
using HarombeActors.Protocol.V1;

namespace HarombeActors.Cli.Commands;

public static partial class SecretCommands
{
    public static Command Build()
    {
        var secret = new Command("secret", "write, read, rotate and roll back secrets");
        secret.Subcommands.Add(Put());
        secret.Subcommands.Add(Get());
        secret.Subcommands.Add(List());
        secret.Subcommands.Add(PathVerb("status", "versions, labels, the running rotation, consumers and policy",
            (c, p) => c.RunAsync((api, o) => api.GetStatusAsync(new PathRequest { Path = p }, o), c.Output.Status)));
        secret.Subcommands.Add(PathVerb("history", "the event log (audit trail), without values",
            (c, p) => c.RunAsync((api, o) => api.GetHistoryAsync(new PathRequest { Path = p }, o), c.Output.History)));
        var consumers = PathVerb("consumers", "each consumer's version, last heartbeat and migration status",
            (c, p) => c.RunAsync((api, o) => api.GetConsumersAsync(new PathRequest { Path = p }, o), c.Output.Consumers));
        consumers.Subcommands.Add(RemoveConsumer());
        secret.Subcommands.Add(consumers);
        secret.Subcommands.Add(Rotate());
        secret.Subcommands.Add(Report());
        secret.Subcommands.Add(Emergency());
        secret.Subcommands.Add(Verify());
        // Rolling back a held dual-write abandons it, which reports rolled_back rather than success: like cancel, the
        // operation itself succeeded (exit 0). A rollback that cannot happen is refused and exits by its code.
        secret.Subcommands.Add(PathVerb("rollback", "restore the previous version (blue-green: switch the pointer back)",
            (c, p) => c.RunAsync((api, o) => api.RollbackAsync(new RollbackRequest { Path = p }, o), r => c.Output.Rotation(r, abandoning: true))));
        secret.Subcommands.Add(PathVerb("cancel", "abort the running rotation and return to the old value",
            (c, p) => c.RunAsync((api, o) => api.CancelAsync(new VerbRequest { Path = p }, o), r => c.Output.Rotation(r, abandoning: true))));
        secret.Subcommands.Add(PathVerb("resume", "end needs-attention once the cause is fixed: the schedule counts again from now",
            (c, p) => c.RunAsync((api, o) => api.ResumeAsync(new PathRequest { Path = p }, o), c.Output.Policy)));
        secret.Subcommands.Add(PathVerb("promote", "promote a dual-write rotation now (a held one, or one still waiting)",
            (c, p) => c.RunAsync((api, o) => api.PromoteAsync(new VerbRequest { Path = p }, o), r => c.Output.Rotation(r))));
        return secret;
    }

    private static readonly Argument<string> PathArgument = new("path") { Description = "the secret's path, e.g. /secrets/db/password" };

    /// <summary>Checked here too, so a typo costs no round trip and the message names the argument; the host checks again.</summary>
    public static string ParsePath(string raw) =>
        SecretPath.TryParse(raw, out var path, out var rejection) ? path.Value : throw CliException.BadInput(rejection.Message);

    private static Command PathVerb(string name, string description, Func<CliContext, string, Task<int>> run)
    {
        var command = new Command(name, description) { PathArgument };
        command.SetAction((parse, _) => run(CliContext.From(parse), ParsePath(parse.GetValue(PathArgument)!)));
        return command;
    }

    private static Command Report()
    {
        var rotation = new Option<string?>("--rotation") { Description = "the rotation's id (default: the latest)" };
        var command = new Command("report", "one rotation's migration: when each consumer moved, the slowest, who did not, how it ended") { PathArgument, rotation };
        command.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            var request = new ReportRequest { Path = ParsePath(parse.GetValue(PathArgument)!), RotationId = parse.GetValue(rotation) ?? "" };
            return context.RunAsync((api, o) => api.GetMigrationReportAsync(request, o), context.Output.MigrationReport);
        });
        return command;
    }

    private static Command RemoveConsumer()
    {
        var consumerId = new Argument<string>("id") { Description = "the consumer's id, as `secret consumers PATH` lists it" };
        var command = new Command("remove", "forget one consumer now (one still running registers again with its next heartbeat)") { PathArgument, consumerId };
        command.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            var raw = parse.GetValue(consumerId)!;
            if (!ConsumerId.TryParse(raw, out var id, out var rejection)) throw CliException.BadInput(rejection.Message);
            var request = new RemoveConsumerRequest { Path = ParsePath(parse.GetValue(PathArgument)!), ConsumerId = id.Value };
            return context.RunAsync((api, o) => api.RemoveConsumerAsync(request, o), context.Output.ConsumerRemoved);
        });
        return command;
    }

    private static readonly Option<string?> GenerateOption = new("--generate") { Description = "generate the value: random, uuid or hex" };
    private static readonly Option<int> LengthOption = new("--length") { Description = "generated length, 16 to 128 (default 32)", DefaultValueFactory = _ => GeneratorSpec.DefaultLength };

    /// <summary>The generator switches, checked here so the error names the switch.</summary>
    private static (string Kind, int Length)? Generator(ParseResult parse)
    {
        var kind = parse.GetValue(GenerateOption);
        if (kind is null) return null;
        if (!GeneratorSpec.TryParseKind(kind, out var parsed)) throw CliException.BadInput($"--generate: must be one of random, uuid, hex (got '{kind}')");
        var spec = new GeneratorSpec(parsed, parse.GetValue(LengthOption));
        return spec.Validate() is { } rejection
            ? throw CliException.BadInput(rejection.Message.Replace("generator.length", "--length", StringComparison.Ordinal))
            : (parsed.ToString().ToLowerInvariant(), spec.Length);
    }

    /// <summary>The value comes from standard input, never from an argument (shell history, the process list).</summary>
    private static string ValueFromStdin()
    {
        if (!Console.IsInputRedirected) throw CliException.BadInput("value: pipe it on standard input (or use --generate); values are never taken from arguments");
        var raw = Console.In.ReadToEnd();
        if (raw.EndsWith("\r\n", StringComparison.Ordinal)) raw = raw[..^2];
        else if (raw.EndsWith('\n')) raw = raw[..^1];
        return Domain.Values.SecretValue.TryCreate(raw, out var value, out var rejection) ? value.RevealPlaintext() : throw CliException.BadInput(rejection.Message);
    }

    private static readonly Option<string> BackendOption = new("--backend") { Description = "a managed credential: the configured credential backend that holds it (Harombe:Backends:NAME)" };
    private static readonly Option<string> UsernameOption = new("--username") { Description = "a managed credential's username at the target (PostgreSQL: login roles USERNAME_a and USERNAME_b)" };

    /// <summary>The dry run: exit 0 when every check passed, 1 when one failed; nothing is changed either way.</summary>
    private static Command Verify()
    {
        var tests = new Option<string?>("--verify") { Description = "tests to run instead of the stored policy's, comma-separated" };
        var command = new Command("verify", "a dry run: the policy's tests against the current value (a managed secret: its backend's login and admin rights too); changes nothing")
            { PathArgument, tests };
        command.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            var request = new VerifyRequest { Path = ParsePath(parse.GetValue(PathArgument)!) };
            if (parse.GetValue(tests)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { } names) request.Tests.AddRange(names);
            return context.RunAsync((api, o) => api.VerifySecretAsync(request, o), context.Output.Report);
        });
        return command;
    }

    private static Command Put()
    {
        var command = new Command("put", "write a value (from standard input, or --generate); it becomes current at once. With --backend and --username: create a managed credential, generated and set at the backend's target")
            { PathArgument, GenerateOption, LengthOption, BackendOption, UsernameOption };
        command.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            var request = new PutSecretRequest { Path = ParsePath(parse.GetValue(PathArgument)!) };
            if (parse.GetValue(BackendOption) is { } backend)
            {
                // Managed: the server generates the password and sets it at the target; nothing is read from standard input.
                if (Generator(parse) is not null) throw CliException.BadInput("--generate: a managed credential's password is generated by its backend");
                request.Backend = backend;
                request.Username = parse.GetValue(UsernameOption) ?? throw CliException.BadInput("--username: is required with --backend");
            }
            else if (parse.GetValue(UsernameOption) is not null) throw CliException.BadInput("--backend: is required with --username");
            else if (Generator(parse) is { } generator)
            {
                request.Generate = generator.Kind;
                request.Length = generator.Length;
            }
            else
            {
                request.Value = ValueFromStdin();
            }
            return context.RunAsync((api, o) => api.PutSecretAsync(request, o), context.Output.Written);
        });
        return command;
    }

    private static Command Get()
    {
        var version = new Option<string?>("--version") { Description = "current (default), pending, previous, blue, green, or a version number" };
        var reveal = new Option<bool>("--reveal") { Description = "print the value itself (masked otherwise)" };
        var command = new Command("get", "read a value, masked unless --reveal; PATH.blue, .green, .pending, .previous select too; PATH.metadata is the status") { PathArgument, version, reveal };
        command.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            VersionSelector.TrySplitAddress(parse.GetValue(PathArgument)!, out var rawPath, out var selector, out var metadata);
            var path = ParsePath(rawPath);
            if (parse.GetValue(version) is { } v && !VersionSelector.TryParse(v, out selector))
                throw CliException.BadInput($"--version: must be current, pending, previous, blue, green or a version number (got '{v}')");
            return metadata
                ? context.RunAsync((api, o) => api.GetStatusAsync(new PathRequest { Path = path }, o), context.Output.Status)
                : context.RunAsync((api, o) => api.GetSecretAsync(new GetSecretRequest { Path = path, Version = selector.ToString(), Reveal = parse.GetValue(reveal) }, o),
                    context.Output.Read);
        });
        return command;
    }

    /// <summary>Every page of the list, as one answer (a page is at most 2,000 secrets).</summary>
    private static async Task<SecretList> AllPagesAsync(Operator.OperatorClient api, ListSecretsRequest request, Grpc.Core.CallOptions options)
    {
        var all = new SecretList();
        var next = new ListSecretsRequest(request);
        while (true)
        {
            var page = await api.ListSecretsAsync(next, options);
            all.Secrets.AddRange(page.Secrets);
            all.Items.AddRange(page.Items);
            if (page.NextPageToken.Length == 0) return all;
            next.PageToken = page.NextPageToken;
        }
    }

    private static Command List()
    {
        var prefix = new Option<string?>("--prefix") { Description = "only paths starting with this" };
        var needsAttention = new Option<bool>("--needs-attention") { Description = "only secrets whose scheduled rotation gave up" };
        var command = new Command("list", "every secret: version, strategy, status, last rotation, next scheduled rotation") { prefix, needsAttention };
        command.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            var request = new ListSecretsRequest { Prefix = parse.GetValue(prefix) ?? "", NeedsAttention = parse.GetValue(needsAttention) };
            return context.RunAsync((api, o) => AllPagesAsync(api, request, o), context.Output.List);
        });
        return command;
    }
}
