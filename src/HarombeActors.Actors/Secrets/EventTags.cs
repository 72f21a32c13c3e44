using Akka.Persistence.Journal;
using HarombeActors.Domain.Events;

namespace HarombeActors.Actors.Secrets;

/// <summary>
/// Tags every secret event when it is written: "secret" (all of them) and "kind:&lt;EventType&gt;", so projections (stats,
/// listings, audit) read by tag instead of scanning every persistence id. Tags live in the journal's tag table; the
/// events themselves are unchanged.
/// </summary>
public sealed class EventTags : IWriteEventAdapter
{
    public const string All = "secret";

    public static string Kind(Type eventType) => "kind:" + eventType.Name;

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt is ISecretEvent e ? new Tagged(e, [All, Kind(e.GetType())]) : evt;
}
