using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Values;

namespace HarombeActors.Contracts.Serialization;

/// <summary>Typed ids travel as plain strings and are re-validated when read.</summary>
internal sealed class SecretPathConverter : JsonConverter<SecretPath>
{
    public override SecretPath Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => SecretPath.Parse(reader.GetString());

    public override void Write(Utf8JsonWriter writer, SecretPath value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

internal sealed class ConsumerIdConverter : JsonConverter<ConsumerId>
{
    public override ConsumerId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ConsumerId.Parse(reader.GetString());

    public override void Write(Utf8JsonWriter writer, ConsumerId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

/// <summary>
/// Plaintext in transit only (a write command, a revealed read). Persisted types never hold a
/// <see cref="SecretValue"/>: the serializer refuses to write one into an event or snapshot.
/// </summary>
internal sealed class SecretValueConverter : JsonConverter<SecretValue>
{
    [ThreadStatic] internal static bool Forbidden;

    public override SecretValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => SecretValue.Create(reader.GetString());

    public override void Write(Utf8JsonWriter writer, SecretValue value, JsonSerializerOptions options)
    {
        if (Forbidden) throw new InvalidOperationException("a plaintext secret value must never be persisted");
        writer.WriteStringValue(value.RevealPlaintext());
    }
}

/// <summary>Actor references travel as their serialized paths and are resolved by the receiving system.</summary>
internal sealed class ActorRefConverter(ExtendedActorSystem system) : JsonConverter<IActorRef>
{
    public override IActorRef Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        system.Provider.ResolveActorRef(reader.GetString()!);

    public override void Write(Utf8JsonWriter writer, IActorRef value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Akka.Serialization.Serialization.SerializedActorPath(value));
}
