using Akka.Actor;

namespace HarombeActors.Contracts.Serialization;

/// <summary>
/// A message between actors of one node (a secret and its consumer children, a secret and itself): bound to the
/// <see cref="LocalOnlySerializer"/>, so it can neither leave the node nor be forged by another member. Not checked
/// by serialize-messages, since it is never serialized.
/// </summary>
public interface ILocalOnlyMessage : INoSerializationVerificationNeeded;
