using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HarombeActors.Security;

/// <summary>
/// Whether a presented certificate was issued by one private CA, trusting nothing else. Compiled into every assembly
/// that checks a peer (remoting, the front-door client), so the rules live in one file.
/// </summary>
internal static class PrivateCa
{
    public static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    public static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    /// <summary>
    /// True when <paramref name="presented"/> is an end-entity certificate (not a CA), valid now, allowed every one of
    /// <paramref name="usages"/>, whose chain ends at exactly <paramref name="ca"/>. Nothing is ever fetched: with
    /// downloads on, a peer's certificate could name a URL that the checker would then request (and wait on).
    /// </summary>
    public static bool Issued(X509Certificate2 presented, X509Certificate2 ca, params Oid[] usages)
    {
        if (presented.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority)) return false;
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.Add(ca);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.UrlRetrievalTimeout = TimeSpan.Zero;
        foreach (var usage in usages) policy.ApplicationPolicy.Add(usage);
        return chain.Build(presented) && chain.ChainElements[^1].Certificate.RawData.AsSpan().SequenceEqual(ca.RawData);
    }
}
