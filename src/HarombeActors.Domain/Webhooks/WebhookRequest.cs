using System.Net;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Ids;

namespace HarombeActors.Domain.Webhooks;

/// <summary>
/// What an operator asks for when adding a webhook, checked before anything is stored: the URL (https, or http only to
/// a loopback address, so a signed notice never crosses a network in plaintext), the kinds (known ones, at least one)
/// and an optional path prefix.
/// </summary>
public sealed record WebhookRequest(string Url, IReadOnlyList<string> Kinds, string? Prefix)
{
    public const int MaxUrlLength = 2048;
    public const int MaxWebhooks = 100;

    public Rejection? Validate()
    {
        if (Url.Length > MaxUrlLength) return Rejection.BadInput("url", $"must be at most {MaxUrlLength} characters");
        if (Url.Any(char.IsControl) || !Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return Rejection.BadInput("url", $"must be an https:// URL (or http:// to a loopback address), got '{Shorten(Url)}'");
        if (uri.UserInfo.Length > 0) return Rejection.BadInput("url", "must not carry a user name or password: the signature authenticates deliveries");
        if (uri.Fragment.Length > 0) return Rejection.BadInput("url", "must not have a fragment (#...)");
        if (uri.Scheme == "http" && !IsLoopback(uri))
            return Rejection.BadInput("url", $"http:// is allowed only to a loopback address (127.0.0.1, [::1], localhost); use https:// for {uri.Host}");
        if (Kinds.Count == 0) return Rejection.BadInput("events", $"name at least one of {string.Join(", ", NoticeKinds.All)}");
        foreach (var kind in Kinds)
            if (!NoticeKinds.All.Contains(kind)) return Rejection.BadInput("events", $"'{Shorten(kind)}' is no event kind; use {string.Join(", ", NoticeKinds.All)}");
        if (Prefix is { Length: > 0 } prefix && (!prefix.StartsWith('/') || prefix.Length > SecretPath.MaxLength))
            return Rejection.BadInput("prefix", $"must start with '/' and be at most {SecretPath.MaxLength} characters");
        return null;
    }

    /// <summary>
    /// localhost, or an IP literal that is loopback (IPAddress.IsLoopback takes an IPv4-mapped IPv6 one too). Not
    /// <see cref="Uri.IsLoopback"/>: it also calls the deprecated IPv4-compatible form [::127.0.0.1] loopback, which the
    /// network routes elsewhere.
    /// </summary>
    private static bool IsLoopback(Uri uri) =>
        uri.HostNameType == UriHostNameType.Dns ? uri.Host == "localhost" : IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);

    /// <summary>The URL as stored and called: the parsed, canonical form (no stray whitespace or control characters).</summary>
    public string CanonicalUrl => Uri.TryCreate(Url, UriKind.Absolute, out var uri) ? uri.AbsoluteUri : Url;

    /// <summary>A URL as listed: its query (where capability tokens usually travel) masked.</summary>
    public static string Shown(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Query.Length > 1 ? uri.GetLeftPart(UriPartial.Path) + "?" + Values.SecretValue.Mask : url;

    private static string Shorten(string raw) => raw.Length > 64 ? raw[..64] + "..." : raw;
}
