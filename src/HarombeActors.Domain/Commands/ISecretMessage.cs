using HarombeActors.Domain.Ids;

namespace HarombeActors.Domain.Commands;

/// <summary>Anything addressed to one secret: the path is the sharding entity id.</summary>
public interface ISecretMessage
{
    SecretPath Path { get; }
}

/// <summary>An operator command: it may change state, and is answered only after its events are persisted.</summary>
public interface ISecretCommand : ISecretMessage;

/// <summary>A read: never changes state.</summary>
public interface ISecretQuery : ISecretMessage;
