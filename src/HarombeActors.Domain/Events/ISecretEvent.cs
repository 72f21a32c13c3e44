using HarombeActors.Domain.Ids;

namespace HarombeActors.Domain.Events;

/// <summary>
/// Marker for everything persisted in a secret's journal. The journal is the audit trail and is never deleted.
/// No event carries a plaintext value: values travel as <see cref="Values.SealedValue"/> inside <see cref="State.SecretVersion"/>.
/// </summary>
public interface ISecretEvent
{
    SecretPath Path { get; }
    DateTimeOffset At { get; }
}

/// <summary>Events that belong to one rotation run.</summary>
public interface IRotationEvent : ISecretEvent
{
    RotationId RotationId { get; }
}
