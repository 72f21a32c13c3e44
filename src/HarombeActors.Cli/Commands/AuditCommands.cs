using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HarombeActors.Protocol.V1;

namespace HarombeActors.Cli.Commands;

/// <summary>`audit export|tail`: the journal as JSON lines (schema harombe.audit.v1, docs/lifecycle.md (Audit export)) for a SIEM.</summary>
public static class AuditCommands
{
    public static Command Build()
    {
        var audit = new Command("audit", "the audit trail as JSON lines, one object per event, never a value");
        var since = new Option<string?>("--since") { Description = "only events at or after this time: ISO 8601 (2026-11-29T00:00:00Z) or an age (90m, 24h, 7d)" };
        var path = new Option<string?>("--path") { Description = "only secrets under this path prefix" };
        var follow = new Option<bool>("--follow") { Description = "after the export, keep writing new events as they happen" };
        var export = new Command("export", "every event since --since (default: all), in journal order") { since, path, follow };
        export.SetAction((parse, cancel) => Run(parse, new AuditRequest { Since = Since(parse.GetValue(since)), Prefix = Prefix(parse.GetValue(path)), Follow = parse.GetValue(follow) }, cancel));
        var tailPath = new Option<string?>("--path") { Description = "only secrets under this path prefix" };
        var tail = new Command("tail", "new events from now on, as they happen (until interrupted)") { tailPath };
        tail.SetAction((parse, cancel) => Run(parse, new AuditRequest { Prefix = Prefix(parse.GetValue(tailPath)), Tail = true }, cancel));
        audit.Subcommands.Add(export);
        audit.Subcommands.Add(tail);
        return audit;
    }

    private static string Prefix(string? raw) =>
        raw is null ? "" : raw.StartsWith('/') && raw.Length <= Domain.Ids.SecretPath.MaxLength ? raw
            : throw CliException.BadInput($"--path: must start with '/' and be at most {Domain.Ids.SecretPath.MaxLength} characters (a path or the start of one)");

    private static Timestamp? Since(string? raw)
    {
        if (raw is null) return null;
        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return Timestamp.FromDateTimeOffset(at);
        return Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow - Durations.Parse(raw, "--since", maxDays: 3650));
    }

    /// <summary>Streams without a deadline (an export of a long journal, a tail that runs until interrupted); every record is one line.</summary>
    private static async Task<int> Run(ParseResult parse, AuditRequest request, CancellationToken cancel)
    {
        var context = CliContext.From(parse);
        try
        {
            return await context.CallAsync(async (api, options) =>
            {
                using var call = api.ExportAudit(request, options.WithCancellationToken(cancel));
                await foreach (var record in call.ResponseStream.ReadAllAsync(cancel)) context.Output.Line(Views.Audit(record));
                return ExitCodes.Ok;
            });
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancel.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (RpcException e)
        {
            return context.Output.Error(e);
        }
    }
}
