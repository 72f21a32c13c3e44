using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using HarombeActors.Actors.Secrets;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;

namespace HarombeActors.Actors.Tests.Support;

/// <summary>Reads a secret's journal through Akka.Persistence.Query, without sending the entity any message.</summary>
public static class JournalReader
{
    public static async Task<IReadOnlyList<ISecretEvent>> EventsAsync(ActorSystem system, SecretPath path)
    {
        var events = await PersistenceQuery.Get(system)
            .ReadJournalFor<ICurrentEventsByPersistenceIdQuery>("akka.persistence.query.journal.sql")
            .CurrentEventsByPersistenceId(SecretActor.PersistenceIdOf(path), 0, long.MaxValue)
            .Select(e => (ISecretEvent)e.Event)
            .RunWith(Sink.Seq<ISecretEvent>(), system.Materializer());
        return events;
    }
}
