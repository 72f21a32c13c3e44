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
    public static async Task<IReadOnlyList<ISecretEvent>> EventsAsync(ActorSystem system, SecretPath path) =>
        [.. (await EventsOfAsync(system, SecretActor.PersistenceIdOf(path))).Cast<ISecretEvent>()];

    /// <summary>Every event of any persistence id (a singleton's, say).</summary>
    public static async Task<IReadOnlyList<object>> EventsOfAsync(ActorSystem system, string persistenceId) =>
        await PersistenceQuery.Get(system)
            .ReadJournalFor<ICurrentEventsByPersistenceIdQuery>("akka.persistence.query.journal.sql")
            .CurrentEventsByPersistenceId(persistenceId, 0, long.MaxValue)
            .Select(e => e.Event)
            .RunWith(Sink.Seq<object>(), system.Materializer());
}
