using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using HarombeActors.Contracts.Messages;

namespace HarombeActors.Api.Health;

/// <summary>
/// Proves the journal answers: persists a probe with a fresh nonce, reads it back through the read journal (the path
/// history and listings use), then deletes the older probes. One per host, under its own persistence id.
/// </summary>
public sealed class JournalProbe : ReceivePersistentActor
{
    private readonly string _readJournalId;

    public override string PersistenceId { get; }

    public JournalProbe(string persistenceId, string readJournalId)
    {
        PersistenceId = persistenceId;
        _readJournalId = readJournalId;
        Recover<JournalProbeWritten>(_ => { });
        Command<Probe>(_ => Write(Sender));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(_ => { });
    }

    public static Props Props(string persistenceId, string readJournalId) => Akka.Actor.Props.Create(() => new JournalProbe(persistenceId, readJournalId));

    private void Write(IActorRef replyTo)
    {
        var nonce = Guid.NewGuid().ToString("N");
        Persist(new JournalProbeWritten(nonce, DateTimeOffset.UtcNow), written =>
        {
            var sequenceNr = LastSequenceNr;
            PersistenceQuery.Get(Context.System)
                .ReadJournalFor<ICurrentEventsByPersistenceIdQuery>(_readJournalId)
                .CurrentEventsByPersistenceId(PersistenceId, sequenceNr, sequenceNr)
                .RunWith(Sink.FirstOrDefault<EventEnvelope>(), Context.System.Materializer())
                .PipeTo(replyTo, success: read => read?.Event is JournalProbeWritten back && back.Nonce == nonce
                    ? new ProbeResult(true, "written and read back")
                    : new ProbeResult(false, "written, but not read back"),
                    failure: ex => new ProbeResult(false, "read failed: " + ex.GetType().Name));
            if (sequenceNr > 1) DeleteMessages(sequenceNr - 1);
        });
    }

    public sealed class Probe : Contracts.Serialization.ILocalOnlyMessage
    {
        public static readonly Probe Instance = new();
    }

    public sealed record ProbeResult(bool Ok, string Detail) : Contracts.Serialization.ILocalOnlyMessage;
}
