using HarombeActors.Domain.Ids;
using HarombeActors.Domain.State;

namespace HarombeActors.Domain.Events;

/// <summary>
/// First heartbeat of a consumer, or one that declares a different role. Single heartbeats are not persisted;
/// registrations and version changes are. <paramref name="Registrant"/> (optional, added later) names the front-door
/// token that registered it, which alone may speak for it afterwards; it is registered again when a token claims a
/// consumer recorded without one.
/// </summary>
public sealed record ConsumerRegistered(SecretPath Path, ConsumerId ConsumerId, int Version, DateTimeOffset At, ConsumerRole Role = ConsumerRole.Client, string? Registrant = null) : ISecretEvent;

public sealed record ConsumerMigrated(SecretPath Path, ConsumerId ConsumerId, int FromVersion, int ToVersion, DateTimeOffset At) : ISecretEvent;

/// <summary>
/// A consumer forgotten by the secret itself: stale for longer than the retention, or the longest-stale one when a
/// full secret needs room. It is no longer listed, counted or waited for; a heartbeat registers it again.
/// </summary>
public sealed record ConsumerExpired(SecretPath Path, ConsumerId ConsumerId, int Version, string Reason, DateTimeOffset At) : ISecretEvent;

/// <summary>A consumer an operator removed. A consumer that is still running registers again with its next heartbeat.</summary>
public sealed record ConsumerRemoved(SecretPath Path, ConsumerId ConsumerId, int Version, Principal By, DateTimeOffset At) : ISecretEvent;
