using System.Collections.Immutable;
using Akka.Persistence.Journal;
using HarombeActors.Domain.Events;

namespace HarombeActors.Actors.Secrets;

/// <summary>
/// Tags every secret event "secret" when it is written, so projections (the secret catalog, webhooks, the audit export)
/// read by tag instead of scanning every persistence id. Tags live in the journal's tag table; the events themselves are
/// unchanged.
/// </summary>
/// <remarks>
/// One tag, not also one per event kind ("kind:RotationStarted", written until this change and still in older tag
/// tables): nothing read those, every event's type is in the event, and each tag row costs twice. A write inserts one
/// row per tag, and Akka.Persistence.Sql's read by tag or persistence id scans the whole tag table once for every event
/// it returns (docs/operations.md, Persistence), so a second tag per event doubled the cost of every read as well.
/// </remarks>
public sealed class EventTags : IWriteEventAdapter
{
    public const string All = "secret";

    private static readonly IImmutableSet<string> Tags = ImmutableHashSet.Create(All);

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt is ISecretEvent ? new Tagged(evt, Tags) : evt;
}
