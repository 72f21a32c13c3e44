using Akka.Actor;
using HarombeActors.Contracts.Messages;
using HarombeActors.Contracts.Serialization;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.State;

namespace HarombeActors.Actors.Consumers;

// Messages between a SecretActor and its ConsumerActor children. Local only: never serialized.

/// <summary>Parent to child: a notice to push to the consumer's reply address.</summary>
public sealed record PushNotice(RotationNotice Notice) : ILocalOnlyMessage;

/// <summary>Parent to child: push notices to <see cref="Watcher"/> (a front-door stream) until it stops or another address replaces it.</summary>
public sealed record NotifyTo(IActorRef Watcher) : ILocalOnlyMessage;

/// <summary>Parent to child: the stale-after setting changed (a rotation's policy or the stored one).</summary>
public sealed record SetStaleAfter(TimeSpan StaleAfter) : ILocalOnlyMessage;

/// <summary>Child to parent: the consumer reported a version other than the last one it reported.</summary>
public sealed record VersionReported(ConsumerId ConsumerId, int Version, ConsumerRole Role) : ILocalOnlyMessage;

/// <summary>Child to parent: the consumer went stale, or came back.</summary>
public sealed record LivenessChanged(ConsumerId ConsumerId, bool Stale) : ILocalOnlyMessage;

/// <summary>Child to parent: the consumer has been stale for longer than the retention; it may be forgotten.</summary>
public sealed record RetentionExpired(ConsumerId ConsumerId) : ILocalOnlyMessage;

/// <summary>Parent to child: describe yourself to <see cref="ReplyTo"/>.</summary>
public sealed record DescribeConsumer(IActorRef ReplyTo) : ILocalOnlyMessage;

public sealed record ConsumerDescription(ConsumerId ConsumerId, DateTimeOffset? LastHeartbeat, bool Stale) : ILocalOnlyMessage;

/// <summary>
/// Parent to child: check for staleness and retention now. The secret sends it to all its consumers from one timer,
/// four times per staleAfter, instead of each consumer keeping a timer of its own: a timer costs several hundred
/// bytes, and a secret can have thousands of consumers.
/// </summary>
public sealed record CheckLiveness : ILocalOnlyMessage
{
    public static readonly CheckLiveness Instance = new();
}
