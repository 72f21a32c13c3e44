using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using System.Runtime.Serialization;
using Akka.Serialization;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.State;

namespace HarombeActors.Contracts.Serialization;

/// <summary>
/// The project's own serializer: System.Text.Json payloads under the stable short manifests of
/// <see cref="Manifests"/>. Bound in akka.hocon to the marker interfaces; the default serializer never sees our types.
/// </summary>
public sealed class HarombeSerializer : SerializerWithStringManifest
{
    public const int SerializerId = 571;

    private readonly JsonSerializerOptions _options;

    public HarombeSerializer(ExtendedActorSystem system) : base(system)
    {
        _options = CreateOptions(system);
    }

    public override int Identifier => SerializerId;

    public static JsonSerializerOptions CreateOptions(ExtendedActorSystem? system)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters =
            {
                new JsonStringEnumConverter(allowIntegerValues: false), new SecretPathConverter(), new ConsumerIdConverter(), new SecretValueConverter(),
                new PrincipalConverter(), new RotationIdConverter(), new WebhookIdConverter(),
            },
            // A payload that lacks a field its type requires, or has null where the type allows none, is refused rather than
            // turned into a record with a null inside: a renamed field in an old event would otherwise decode to null in
            // silence. New fields are added as optional constructor parameters, so old events still decode.
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
        };
        if (system is not null) options.Converters.Add(new ActorRefConverter(system));
        return options;
    }

    public override string Manifest(object o) =>
        Manifests.ByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType().FullName} has no manifest in {nameof(Manifests)}");

    public override byte[] ToBinary(object obj)
    {
        Manifest(obj);
        return Serialize(obj, _options);
    }

    /// <summary>
    /// The payload, under the plaintext guard: inside an event or the snapshot (what is persisted) a
    /// <see cref="Domain.Values.SecretValue"/> is refused. Separate from the manifest lookup so a test can show the
    /// guard on a persisted type that carries a value, which no registered type does.
    /// </summary>
    internal static byte[] Serialize(object obj, JsonSerializerOptions options)
    {
        SecretValueConverter.Forbidden = obj is ISecretEvent or SecretState or Domain.Projections.SecretCatalog or Domain.Webhooks.IWebhookEvent or Domain.Webhooks.WebhookRegistryState;
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), options);
        }
        finally
        {
            SecretValueConverter.Forbidden = false;
        }
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        Manifests.ByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, _options) ?? throw new SerializationException($"null payload for manifest {manifest}")
            : throw new SerializationException($"unknown manifest '{manifest}'");
}
