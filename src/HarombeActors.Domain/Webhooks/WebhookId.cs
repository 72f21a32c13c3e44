using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace HarombeActors.Domain.Webhooks;

/// <summary>A webhook's id: <c>wh_</c> and 16 lower-case hex digits, made by the registry at creation.</summary>
public readonly record struct WebhookId(string Value)
{
    private const string Prefix = "wh_";

    public static WebhookId New() => new(Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));

    public static bool TryParse(string? raw, [NotNullWhen(true)] out WebhookId? id)
    {
        id = raw is { Length: 19 } && raw.StartsWith(Prefix, StringComparison.Ordinal) && raw[3..].All(char.IsAsciiHexDigitLower) ? new WebhookId(raw) : null;
        return id is not null;
    }

    public override string ToString() => Value;
}
