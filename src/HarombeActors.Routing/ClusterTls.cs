using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace HarombeActors.Routing;

/// <summary>
/// Mutual TLS between cluster members: this node's certificate (presented as server and as client) and the cluster's
/// CA, the only root a peer's certificate may chain to. The machine's trust store is never consulted: a certificate from
/// any other CA, a public one included, is refused.
/// </summary>
public sealed record ClusterTls(X509Certificate2 Certificate, X509Certificate2 Ca)
{
    /// <summary>How long one peer's refusals stay quiet in the log after one was logged.</summary>
    public static readonly TimeSpan RefusalLogInterval = TimeSpan.FromMinutes(1);

    private const int MaxPeersRemembered = 1024;

    private readonly ConcurrentDictionary<string, DateTime> _lastLogged = new(StringComparer.Ordinal);

    /// <summary>The peer's host without its (ever-changing) source port; "unknown peer" when there is none.</summary>
    public static string PeerHost(string? remotePeer)
    {
        if (string.IsNullOrWhiteSpace(remotePeer)) return "unknown peer";
        var peer = remotePeer.Trim();
        var at = peer.LastIndexOf('@');
        if (at >= 0) peer = peer[(at + 1)..];
        var colon = peer.LastIndexOf(':');
        // host:port or [v6]:port lose the port; a bare IPv6 address (several colons, no brackets) is kept whole.
        if (colon > 0 && (peer.StartsWith('[') || peer.IndexOf(':') == colon)) peer = peer[..colon];
        return Printable(peer);
    }

    /// <summary>Text a peer chose (its address, its certificate's subject), safe for one log line.</summary>
    private static string Printable(string text) => new([.. text.Take(200).Select(c => char.IsControl(c) ? '?' : c)]);

    /// <summary>
    /// The remoting transport's validator. <paramref name="errors"/> is ignored on purpose: for a private CA it always
    /// holds RemoteCertificateChainErrors; the chain is built again against exactly this CA.
    /// </summary>
    public bool Validate(X509Certificate2? presented, X509Chain? chain, string remotePeer, SslPolicyErrors errors, ILoggingAdapter log)
    {
        var why = presented is null ? "no certificate" : !IssuedByCa(presented) ? $"certificate '{Printable(presented.Subject)}' is not issued by the cluster CA, not a member's or not valid now" : null;
        if (why is null) return true;
        var now = DateTime.UtcNow;
        var peer = PeerHost(remotePeer);
        // Once per peer host and interval: a scanner knocking every second (from a new port each time) must not flood
        // the log, nor grow this map without end.
        if (!_lastLogged.TryGetValue(peer, out var last) || now - last >= RefusalLogInterval)
        {
            if (_lastLogged.Count >= MaxPeersRemembered)
                foreach (var old in _lastLogged.Where(kv => now - kv.Value >= RefusalLogInterval).Select(kv => kv.Key).ToList()) _lastLogged.TryRemove(old, out _);
            if (_lastLogged.Count >= MaxPeersRemembered) return false; // that many peers refused within a minute: enough said
            _lastLogged[peer] = now;
            log.Warning("cluster TLS: refused {0}: {1}", peer, why);
        }
        return false;
    }

    /// <summary>Whether the certificate is a member's: issued by exactly the cluster CA, valid now, for both ends of TLS.</summary>
    public bool IssuedByCa(X509Certificate2 presented) => IssuedBy(presented, Ca);

    /// <summary>Whether <paramref name="presented"/> is a member certificate of <paramref name="ca"/> (see <see cref="Security.PrivateCa"/>).</summary>
    public static bool IssuedBy(X509Certificate2 presented, X509Certificate2 ca) => Security.PrivateCa.Issued(presented, ca, Security.PrivateCa.ServerAuth, Security.PrivateCa.ClientAuth);

    public CertificateValidationCallback Validator => Validate;

    /// <summary>
    /// Loads a member's certificate (PEM with its key, or PFX with its password) and the cluster CA's PEM; refuses, with
    /// an <see cref="ArgumentException"/> naming the setting under <paramref name="section"/>, what cannot work.
    /// </summary>
    public static ClusterTls Load(string? certificateFile, string? keyFile, string? password, string? caFile, string section)
    {
        if (string.IsNullOrWhiteSpace(certificateFile)) throw new ArgumentException($"{section}:Certificate: required (PEM with CertificateKey, or PFX), issued by the cluster CA (harombe-host certs issue)");
        if (string.IsNullOrWhiteSpace(caFile)) throw new ArgumentException($"{section}:CaCertificate: required (the cluster CA's PEM) with {section}:Certificate");
        X509Certificate2 certificate, ca;
        try
        {
            certificate = certificateFile.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || certificateFile.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)
                ? X509CertificateLoader.LoadPkcs12FromFile(certificateFile, password)
                : X509Certificate2.CreateFromPemFile(certificateFile, keyFile ?? throw new ArgumentException($"{section}:CertificateKey: required with a PEM certificate"));
            ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{section}: cannot load the certificate ({certificateFile}) or the CA ({caFile}): {e.Message}");
        }
        if (!certificate.HasPrivateKey) throw new ArgumentException($"{section}:Certificate: {certificateFile} has no private key");
        var tls = new ClusterTls(certificate, ca);
        return tls.IssuedByCa(certificate) ? tls
            : throw new ArgumentException($"{section}:Certificate: {certificate.Subject} is not issued by {section}:CaCertificate ({ca.Subject}) or is not valid now");
    }
}
