using System.Collections.Concurrent;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace HarombeActors.Actors.Tests.Support;

/// <summary>
/// Test-only. With serialize-messages = on every message is round-tripped through its serializer, but
/// Akka.Persistence.Sql's local-only internals cannot be (WriteFinished carries a Task; the query's sequence actor
/// gets null collections back) and the journal stalls. So the catch-all binding (System.Object, normally the JSON
/// fallback) points here in tests and hands the same instance back, while every type of ours, bound more
/// specifically to HarombeSerializer, still takes the real round trip. SerializerBindingTests proves that binding.
/// </summary>
public sealed class PassThroughSerializer(ExtendedActorSystem system) : Serializer(system)
{
    private static readonly ConcurrentDictionary<Guid, object> InFlight = new();

    public override int Identifier => 9_571;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj)
    {
        var token = Guid.NewGuid();
        InFlight[token] = obj;
        return Encoding.ASCII.GetBytes(token.ToString("N"));
    }

    public override object FromBinary(byte[] bytes, Type? type) =>
        InFlight.TryRemove(Guid.Parse(Encoding.ASCII.GetString(bytes)), out var obj) ? obj : throw new InvalidOperationException("unknown token");
}
