using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using HarombeActors.Domain.Values;

namespace HarombeActors.Domain.Targets;

/// <summary>
/// The value of a managed secret: a JSON document with what a consumer needs to log in, and nothing else. Consumers
/// read it as any other secret (the client library parses it as <c>SecretCredentials</c>).
/// </summary>
public sealed record ManagedCredential(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("password")] string Password,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("database"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Database)
{
    /// <summary>32 letters and digits (190 bits): nothing a connection string, URL or shell would need to escape.</summary>
    public const int PasswordLength = 32;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static ManagedCredential Generate(string login, BackendInfo backend) =>
        new(login, RandomNumberGenerator.GetString(Alphabet, PasswordLength), backend.Host, backend.Port, backend.Database);

    public SecretValue ToValue() => SecretValue.Create(JsonSerializer.Serialize(this));

    /// <summary>The document in <paramref name="value"/>, or null when it is not one (a secret written by hand).</summary>
    public static ManagedCredential? Parse(SecretValue value)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize<ManagedCredential>(value.RevealPlaintext());
            return parsed is { Username.Length: > 0, Password.Length: > 0 } ? parsed : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The password must never reach a log line through a record's generated ToString.
    public override string ToString() => $"ManagedCredential {{ Username = {Username}, Host = {Host}, Port = {Port}, Database = {Database} }}";
}
