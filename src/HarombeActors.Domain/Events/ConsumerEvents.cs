using HarombeActors.Domain.Ids;
using HarombeActors.Domain.State;

namespace HarombeActors.Domain.Events;

/// <summary>
/// First heartbeat of a consumer, or one that declares a different role. Single heartbeats are not persisted;
/// registrations and version changes are.
/// </summary>
public sealed record ConsumerRegistered(SecretPath Path, ConsumerId ConsumerId, int Version, DateTimeOffset At, ConsumerRole Role = ConsumerRole.Client) : ISecretEvent;

public sealed record ConsumerMigrated(SecretPath Path, ConsumerId ConsumerId, int FromVersion, int ToVersion, DateTimeOffset At) : ISecretEvent;
