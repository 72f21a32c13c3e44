using HarombeActors.Actors.Configuration;

namespace HarombeActors.Actors.Secrets;

/// <summary>Tunables of the SecretActor, bound from configuration (see HarombeOptions) or set by the embedding code.</summary>
public sealed record SecretActorSettings
{
    /// <summary>The default of <see cref="MaxConsumers"/>; a list of this many consumers fits the 4 MiB remoting frame (akka.hocon).</summary>
    public const int DefaultMaxConsumers = 10_000;

    /// <summary>Save a snapshot once this many events were persisted since the last one.</summary>
    public int SnapshotEvery { get; init; } = 100;

    /// <summary>Each verification test gets this long before it counts as failed.</summary>
    public TimeSpan VerificationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An entity for a path that does not exist passivates after this long, so probes do not pile up.</summary>
    public TimeSpan PassivateMissingAfter { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often one consumer may change its reported version (each change is an event): see <see cref="Consumers.VersionChangeLimit"/>.</summary>
    public Consumers.VersionChangeLimit VersionChanges { get; init; } = Consumers.VersionChangeLimit.Default;

    /// <summary>Consumers one secret tracks at most; registrations beyond are refused so state cannot grow without bound.</summary>
    public int MaxConsumers { get; init; } = DefaultMaxConsumers;

    /// <summary>A consumer stale for longer than this is forgotten (a <c>ConsumerExpired</c> event): pod names do not pile up.</summary>
    public TimeSpan ConsumerRetention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>New consumers one front-door token may register per secret: see <see cref="Consumers.RegistrationLimit"/>.</summary>
    public Consumers.RegistrationLimit Registrations { get; init; } = Consumers.RegistrationLimit.Default;

    /// <summary>
    /// Managed secrets: how long the target still accepts a version after nothing may use it any more, before it is
    /// retired there. Covers a client that read the old credential just before it moved and is still connecting with it.
    /// </summary>
    public TimeSpan TargetRetireGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A scheduled secret compares its next rotation time with the clock at least this often (a clock that jumps is noticed).</summary>
    public TimeSpan ScheduleRecheck { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the secret catalog (list, stats) folds in new events and saves itself when nobody asks.</summary>
    public TimeSpan CatalogRefresh { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The read journal used for history (Akka.Persistence.Query plugin id).</summary>
    public string ReadJournalPluginId { get; init; } = "akka.persistence.query.journal.sql";

    /// <summary>The settings a node's options give.</summary>
    public static SecretActorSettings From(HarombeOptions options) => new()
    {
        SnapshotEvery = options.SnapshotEvery,
        VerificationTimeout = options.VerificationTimeout,
        TargetRetireGrace = options.TargetRetireGrace >= TimeSpan.Zero
            ? options.TargetRetireGrace
            : throw new HarombeConfigurationException($"Harombe:TargetRetireGrace: must not be negative (got {options.TargetRetireGrace})"),
        VersionChanges = new Consumers.VersionChangeLimit(options.ConsumerVersionChangeBurst, options.ConsumerVersionChangeRefill),
        ConsumerRetention = options.ConsumerRetention > TimeSpan.Zero
            ? options.ConsumerRetention
            : throw new HarombeConfigurationException($"Harombe:ConsumerRetention: must be positive (got {options.ConsumerRetention})"),
        Registrations = options.ConsumerRegistrationBurst >= 1 && options.ConsumerRegistrationsPerMinute >= 1
            ? new Consumers.RegistrationLimit(options.ConsumerRegistrationBurst, options.ConsumerRegistrationsPerMinute)
            : throw new HarombeConfigurationException("Harombe:ConsumerRegistrationBurst and Harombe:ConsumerRegistrationsPerMinute: must be at least 1"),
    };
}
