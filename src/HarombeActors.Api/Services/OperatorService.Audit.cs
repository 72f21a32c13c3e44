using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Grpc.Core;
using HarombeActors.Actors.Operator;
using HarombeActors.Actors.Secrets;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Events;
using P = HarombeActors.Protocol.V1;

namespace HarombeActors.Api.Services;

public sealed partial class OperatorService
{
    /// <summary>The journal as audit records, by tag in journal order: an export reads to the end, follow and tail go on live.</summary>
    public override async Task ExportAudit(P.AuditRequest request, IServerStreamWriter<P.AuditRecord> responseStream, ServerCallContext context)
    {
        var prefix = ApiInput.Prefix(request.Prefix);
        if (request.Follow && request.Tail) throw Errors.ApiErrors.BadInput("tail", "give either follow or tail, not both");
        DateTimeOffset? since;
        try
        {
            since = request.Since?.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            throw Errors.ApiErrors.BadInput("since", "is not a valid time (RFC 3339, between years 1 and 9999)");
        }
        using var lease = request.Follow || request.Tail ? liveStreams.Enter() : null;
        var journal = PersistenceQuery.Get(system);
        var source = request.Tail
            ? journal.ReadJournalFor<IEventsByTagQuery>(settings.ReadJournalPluginId)
                .EventsByTag(EventTags.All, Offset.Sequence((await Catalog<CatalogStats>(GetCatalogStats.Instance, context)).Offset))
            : request.Follow
                ? journal.ReadJournalFor<IEventsByTagQuery>(settings.ReadJournalPluginId).EventsByTag(EventTags.All, Offset.NoOffset())
                : journal.ReadJournalFor<ICurrentEventsByTagQuery>(settings.ReadJournalPluginId).CurrentEventsByTag(EventTags.All, Offset.NoOffset());
        await foreach (var envelope in source.RunAsAsyncEnumerable(system.Materializer()).WithCancellation(context.CancellationToken))
        {
            if (envelope is not { Event: ISecretEvent e, Offset: Sequence offset }) continue;
            if (since is { } from && e.At < from) continue;
            if (!e.Path.IsUnder(prefix)) continue;
            await responseStream.WriteAsync(ProtoMapping.Audit(AuditRecords.From(e, offset.Value)), context.CancellationToken);
        }
    }
}
