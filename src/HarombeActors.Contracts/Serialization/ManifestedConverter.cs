using System.Text.Json;
using System.Text.Json.Serialization;

namespace HarombeActors.Contracts.Serialization;

/// <summary>
/// Writes a polymorphic value as {"m": manifest, "v": payload} using the same stable manifests as the
/// serializer, so a request can carry any secret command and a result any reply.
/// </summary>
public sealed class ManifestedConverter<T> : JsonConverter<T> where T : class
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var manifest = doc.RootElement.GetProperty("m").GetString() ?? throw new JsonException("missing manifest");
        if (!Manifests.ByManifest.TryGetValue(manifest, out var type) || !typeof(T).IsAssignableFrom(type))
            throw new JsonException($"unknown or unexpected manifest '{manifest}'");
        return (T)(doc.RootElement.GetProperty("v").Deserialize(type, options) ?? throw new JsonException("null payload"));
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("m", Manifests.ByType[value.GetType()]);
        writer.WritePropertyName("v");
        JsonSerializer.Serialize(writer, value, value.GetType(), options);
        writer.WriteEndObject();
    }
}
