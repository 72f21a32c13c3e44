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

    private readonly ConcurrentDictionary<string, DateTime> _lastLogged = new(StringComparer.Ordinal);

    /// <summary>
    /// The remoting transport's validator. <paramref name="errors"/> is ignored on purpose: for a private CA it always
    /// holds RemoteCertificateChainErrors; the chain is built again against exactly this CA.
    /// </summary>
    public bool Validate(X509Certificate2? presented, X509Chain? chain, string remotePeer, SslPolicyErrors errors, ILoggingAdapter log)
    {
        var why = presented is null ? "no certificate" : !IssuedByCa(presented) ? $"certificate '{presented.Subject}' is not issued by the cluster CA or not valid now" : null;
        if (why is null) return true;
        var now = DateTime.UtcNow;
        var peer = string.IsNullOrEmpty(remotePeer) ? "unknown peer" : remotePeer;
        // Once per peer and interval: a scanner knocking every second must not flood the log.
        if (!_lastLogged.TryGetValue(peer, out var last) || now - last >= RefusalLogInterval)
        {
            _lastLogged[peer] = now;
            log.Warning("cluster TLS: refused {0}: {1}", peer, why);
        }
        return false;
    }

    /// <summary>Whether the certificate chains up to exactly the cluster CA and is valid now.</summary>
    public bool IssuedByCa(X509Certificate2 presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(presented) && chain.ChainElements[^1].Certificate.RawData.AsSpan().SequenceEqual(Ca.RawData);
    }

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
