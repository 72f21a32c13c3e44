using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace HarombeActors.Contracts.Serialization;

/// <summary>
/// Bound to the messages a secret sends only to itself (verification results, retries, deadlines): they have no wire
/// manifest, so they can neither leave a node nor be read from the wire. A forged one from another node is refused
/// here before it could reach any actor.
/// </summary>
public sealed class LocalOnlySerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 572;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => throw Refused(o.GetType().Name);

    public override byte[] ToBinary(object obj) => throw Refused(obj.GetType().Name);

    public override object FromBinary(byte[] bytes, string manifest) => throw Refused(manifest);

    private static SerializationException Refused(string what) =>
        new($"{what} is local to one secret and never crosses the wire");
}
