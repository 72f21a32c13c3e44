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
/// A struct id persisted as an object with one string property ({"name": "alice"}, {"value": "rot-..."}). A struct can
/// always be built empty, so the serializer's strictness does not reach inside it: this reads exactly that one
/// property, refuses it missing, null or empty, and writes the same shape as before (the persisted format is unchanged).
/// </summary>
internal abstract class SingleStringStructConverter<T>(string property, Func<string, T> create, Func<T, string> read) : JsonConverter<T> where T : struct
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"{typeof(T).Name}: expected an object with '{property}'");
        string? value = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.TokenType != JsonTokenType.PropertyName) throw new JsonException($"{typeof(T).Name}: malformed object");
            var name = reader.GetString();
            reader.Read();
            if (string.Equals(name, property, StringComparison.OrdinalIgnoreCase) && reader.TokenType == JsonTokenType.String) value = reader.GetString();
            else reader.Skip();
        }
        return string.IsNullOrEmpty(value) ? throw new JsonException($"{typeof(T).Name}: '{property}' must be a non-empty string") : create(value);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(options.PropertyNamingPolicy?.ConvertName(property) ?? property, read(value));
        writer.WriteEndObject();
    }
}

internal sealed class WebhookIdConverter : JsonConverter<Domain.Webhooks.WebhookId>
{
    public override Domain.Webhooks.WebhookId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Domain.Webhooks.WebhookId.TryParse(reader.GetString(), out var id) ? id.Value : throw new JsonException("WebhookId: expected wh_ and 16 hex digits");

    public override void Write(Utf8JsonWriter writer, Domain.Webhooks.WebhookId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

internal sealed class PrincipalConverter() : SingleStringStructConverter<Principal>("Name", name => new Principal(name), p => p.Name);

internal sealed class RotationIdConverter() : SingleStringStructConverter<RotationId>("Value", value => new RotationId(value), r => r.Value);

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
