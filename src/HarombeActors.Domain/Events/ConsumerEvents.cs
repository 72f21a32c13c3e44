using HarombeActors.Domain.Ids;

namespace HarombeActors.Domain.Events;

/// <summary>First heartbeat of a consumer. Single heartbeats are not persisted; registrations and version changes are.</summary>
public sealed record ConsumerRegistered(SecretPath Path, ConsumerId ConsumerId, int Version, DateTimeOffset At) : ISecretEvent;

public sealed record ConsumerMigrated(SecretPath Path, ConsumerId ConsumerId, int FromVersion, int ToVersion, DateTimeOffset At) : ISecretEvent;
