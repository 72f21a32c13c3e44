using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Grpc.Core;
using HarombeActors.Actors.Secrets;
using HarombeActors.Api.Errors;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Reports;
using P = HarombeActors.Protocol.V1;

namespace HarombeActors.Api.Services;

public sealed partial class OperatorService
{
    private const int ListedRotations = 50;

    public override async Task<P.MigrationReport> GetMigrationReport(P.ReportRequest request, ServerCallContext context)
    {
        var path = ApiInput.Path(request.Path);
        var rotationId = request.RotationId.Length == 0 ? null : ApiInput.RotationId(request.RotationId).Value;
        // The secret's own log, read from the journal (the entity keeps its state, not its events): counted with the live
        // streams (a long log is a long read), and stopped when the caller goes away.
        using var lease = liveStreams.Enter();
        var (stop, read) = PersistenceQuery.Get(system).ReadJournalFor<ICurrentEventsByPersistenceIdQuery>(settings.ReadJournalPluginId)
            .CurrentEventsByPersistenceId(SecretActor.PersistenceIdOf(path), 0, long.MaxValue)
            .Where(e => e.Event is ISecretEvent).Select(e => (ISecretEvent)e.Event)
            .ViaMaterialized(KillSwitches.Single<ISecretEvent>(), Keep.Right)
            .ToMaterialized(Sink.Seq<ISecretEvent>(), Keep.Both)
            .Run(system.Materializer());
        await using var cancel = context.CancellationToken.Register(() => stop.Abort(new OperationCanceledException("the caller went away")));
        var events = await read;
        if (events.Count == 0) throw NotFound(path.Value);
        var report = MigrationReports.For(events, rotationId)
            ?? throw ApiErrors.Rejected(new Rejection(RejectionCode.NotFound, rotationId is null ? $"{path} has not been rotated yet" : $"{path} has no rotation {rotationId}", rotationId is null ? null : "rotationId"));
        var stale = report.EndedAt is null && await secrets.AskAsync(new GetConsumers(path), context) is ConsumerList live
            ? live.Consumers.Where(c => c.MigrationStatus == Domain.State.MigrationStatus.Stale).Select(c => c.ConsumerId).ToList()
            : [];
        var mapped = ProtoMapping.Report(path, report, stale);
        mapped.Rotations.AddRange(MigrationReports.Rotations(events).Reverse().Take(ListedRotations).Select(r => r.RotationId.Value));
        return mapped;
    }
}
