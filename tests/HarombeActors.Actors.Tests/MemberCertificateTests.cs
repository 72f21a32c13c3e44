using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HarombeActors.Actors.Security;
using HarombeActors.Routing;

namespace HarombeActors.Actors.Tests;

/// <summary>
/// What the member check accepts: an end-entity certificate for both ends of TLS from exactly the cluster CA. A CA
/// certificate, a certificate for another purpose, or one that needs a download to chain are refused, and nothing is
/// ever fetched for a peer.
/// </summary>
public sealed class MemberCertificateTests : IDisposable
{
    private readonly X509Certificate2 _ca = CertificateAuthority.CreateCa("test cluster CA", TimeSpan.FromDays(1));

    public void Dispose() => _ca.Dispose();

    private static X509Certificate2 Signed(X509Certificate2 issuer, string subject, Action<CertificateRequest> extend)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        extend(request);
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(issuer, now.AddMinutes(-5), now.AddHours(1), RandomNumberGenerator.GetBytes(8).Select((b, i) => i == 0 ? (byte)(b & 0x7F) : b).ToArray());
        return issued.CopyWithPrivateKey(key);
    }

    [Fact]
    public void A_member_certificate_from_the_cluster_ca_is_accepted()
    {
        using var member = CertificateAuthority.Issue(_ca, "member", ["127.0.0.1"], TimeSpan.FromHours(1));
        Assert.True(ClusterTls.IssuedBy(member, _ca));
    }

    [Fact]
    public void The_ca_itself_and_a_sub_ca_from_it_are_not_members()
    {
        Assert.False(ClusterTls.IssuedBy(_ca, _ca));
        using var subCa = Signed(_ca, "sub CA", r => r.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true)));
        Assert.False(ClusterTls.IssuedBy(subCa, _ca));
    }

    [Fact]
    public void A_certificate_from_the_cluster_ca_for_another_purpose_is_refused()
    {
        using var codeSigning = Signed(_ca, "code signing", r =>
        {
            r.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            r.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        });
        Assert.False(ClusterTls.IssuedBy(codeSigning, _ca));
        using var serverOnly = Signed(_ca, "server only", r =>
        {
            r.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            r.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        });
        Assert.False(ClusterTls.IssuedBy(serverOnly, _ca));
    }

    [Fact]
    public void A_certificate_naming_where_to_download_its_issuer_is_refused_without_anything_being_fetched()
    {
        // The attacker's own CA, an intermediate it never presents, and a leaf whose authority-information-access URL
        // points at a listener here: a checker that downloads would connect to it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/intermediate.crt";
        using var attackerCa = CertificateAuthority.CreateCa("attacker CA", TimeSpan.FromDays(1));
        using var intermediate = Signed(attackerCa, "attacker intermediate", r => r.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true)));
        using var leaf = Signed(intermediate, "member", r =>
        {
            r.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            r.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
            r.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(null, [url], false));
        });
        Assert.False(ClusterTls.IssuedBy(leaf, _ca));
        Assert.False(ClusterTls.IssuedBy(leaf, attackerCa));
        Assert.False(listener.Pending(), "the check connected to the URL the certificate named");
    }

    [Theory]
    [InlineData("127.0.0.1:40111", "127.0.0.1")]
    [InlineData("[::1]:40111", "[::1]")]
    [InlineData("::1", "::1")]
    [InlineData("akka.ssl.tcp://harombe@10.0.0.7:4053", "10.0.0.7")]
    [InlineData("", "unknown peer")]
    [InlineData("evil\nforged log line:9", "evil?forged log line")]
    public void Refusals_are_logged_per_peer_host_whatever_its_source_port_and_printable(string remotePeer, string logged) =>
        Assert.Equal(logged, ClusterTls.PeerHost(remotePeer));
}
