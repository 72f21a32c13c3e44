namespace HarombeActors.Actors.Secrets;

/// <summary>Tunables of the SecretActor, bound from configuration (see HarombeOptions).</summary>
public sealed record SecretActorSettings
{
    /// <summary>Save a snapshot once this many events were persisted since the last one.</summary>
    public int SnapshotEvery { get; init; } = 100;

    /// <summary>Each verification test gets this long before it counts as failed.</summary>
    public TimeSpan VerificationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An entity for a path that does not exist passivates after this long, so probes do not pile up.</summary>
    public TimeSpan PassivateMissingAfter { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often one consumer may change its reported version (each change is an event): see <see cref="Consumers.VersionChangeLimit"/>.</summary>
    public Consumers.VersionChangeLimit VersionChanges { get; init; } = Consumers.VersionChangeLimit.Default;

    /// <summary>The read journal used for history (Akka.Persistence.Query plugin id).</summary>
    public string ReadJournalPluginId { get; init; } = "akka.persistence.query.journal.sql";
}
