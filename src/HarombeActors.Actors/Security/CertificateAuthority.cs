using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HarombeActors.Actors.Security;

/// <summary>
/// A private certificate authority made with the base library (no openssl): the cluster's own CA, and the certificates
/// it issues to hosts and client nodes (mutual TLS on remoting: every node is server and client, so both EKUs) and to
/// the front door (server). ECDSA P-256: small, fast handshakes.
/// </summary>
public static class CertificateAuthority
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public static X509Certificate2 CreateCa(string name, TimeSpan validity)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now + validity);
    }

    /// <summary>
    /// A certificate signed by <paramref name="ca"/> for <paramref name="names"/> (IP addresses or DNS names, all put in
    /// the subject alternative names), valid for server and client authentication, with its private key.
    /// </summary>
    public static X509Certificate2 Issue(X509Certificate2 ca, string subject, IReadOnlyList<string> names, TimeSpan validity)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth, ClientAuth], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var ip)) san.AddIpAddress(ip);
            else san.AddDnsName(name);
        }
        request.CertificateExtensions.Add(san.Build());
        var now = DateTimeOffset.UtcNow;
        var notAfter = now + validity < ca.NotAfter ? now + validity : ca.NotAfter.ToUniversalTime();
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        using var issued = request.Create(ca, now.AddMinutes(-5), notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes the certificate and (when it has one) its private key as PEM files, the key readable by its owner only.</summary>
    public static void SavePem(X509Certificate2 certificate, string certificateFile, string? keyFile)
    {
        Configuration.PrivateFile.Write(certificateFile, certificate.ExportCertificatePem());
        if (keyFile is null) return;
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException($"{certificate.Subject} has no ECDSA private key to save");
        Configuration.PrivateFile.Write(keyFile, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// Whether <paramref name="presented"/> chains up to exactly <paramref name="ca"/>, trusting nothing else (a private
    /// CA is never added to any system store), and is valid now.
    /// </summary>
    public static bool IssuedBy(X509Certificate2 presented, X509Certificate2 ca) => Routing.ClusterTls.IssuedBy(presented, ca);
}
