using System.Security.Cryptography;
using System.Text;

namespace HarombeActors.Domain.Webhooks;

/// <summary>
/// How a delivery is signed: <c>Harombe-Signature: t=UNIX_SECONDS,v1=HEX</c>, where HEX is HMAC-SHA-256 under the
/// webhook's secret of the timestamp, a dot and the exact body bytes. The timestamp is inside the signature, so a
/// receiver that refuses old timestamps (five minutes is usual) cannot be replayed against.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Harombe-Signature";
    public const string SecretPrefix = "whsec_";

    /// <summary>A new webhook secret: 32 random bytes, base64url, after <see cref="SecretPrefix"/> (the receiver uses the whole string as the key).</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body) => $"t={unixSeconds},v1={Convert.ToHexStringLower(Mac(secret, unixSeconds, body))}";

    /// <summary>What a receiver does (and the tests do): recompute and compare in constant time; refuse timestamps off by more than <paramref name="tolerance"/>.</summary>
    public static bool Verify(string secret, string header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        long? t = null;
        string? v1 = null;
        foreach (var part in header.Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2) return false;
            if (kv[0] == "t" && long.TryParse(kv[1], out var seconds)) t = seconds;
            else if (kv[0] == "v1") v1 = kv[1];
        }
        if (t is not { } stamp || v1 is null || Math.Abs((decimal)now.ToUnixTimeSeconds() - stamp) > (decimal)tolerance.TotalSeconds) return false;
        byte[] given;
        try
        {
            given = Convert.FromHexString(v1);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(given, Mac(secret, stamp, body));
    }

    private static byte[] Mac(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes($"{unixSeconds}."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
