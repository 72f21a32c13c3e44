using System.Security.Cryptography.X509Certificates;
using HarombeActors.Actors.Security;

namespace HarombeActors.Cli.Tests.Support;

/// <summary>A host whose front door listens with TLS (a certificate from a test CA): HTTP/1.1 and HTTP/2 on one port.</summary>
public sealed class TlsHost : HostProcess
{
    /// <summary>Inside the data directory, so the fixture removes it with the rest.</summary>
    public string CertificateDir => Path.Combine(DataDir, "test-tls");
    public string CaFile => Path.Combine(CertificateDir, "ca.pem");
    public X509Certificate2 Ca { get; }

    public TlsHost()
    {
        Ca = CertificateAuthority.CreateCa("harombe test ca", TimeSpan.FromDays(1));
        CertificateAuthority.SavePem(Ca, CaFile, null);
        using var server = CertificateAuthority.Issue(Ca, "harombe test host", ["127.0.0.1", "localhost"], TimeSpan.FromDays(1));
        CertificateAuthority.SavePem(server, Path.Combine(CertificateDir, "api.pem"), Path.Combine(CertificateDir, "api.key"));
        Settings["Harombe__Api__Url"] = "https://127.0.0.1:4054";
        Settings["Harombe__Api__Certificate__CertificateFile"] = Path.Combine(CertificateDir, "api.pem");
        Settings["Harombe__Api__Certificate__KeyFile"] = Path.Combine(CertificateDir, "api.key");
    }

    public override string Contact => $"https://127.0.0.1:{ApiPort}";
    public override Uri ApiUrl => new(Contact);
    protected override IEnumerable<string> CliSwitches => ["--ca-cert", CaFile];

    /// <summary>Trusts exactly the test CA, as a careful client would (never the system store).</summary>
    public override HttpClient Http() => Http(Ca);

    public HttpClient Http(X509Certificate2 trusted) => new(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && CertificateAuthority.IssuedBy(new X509Certificate2(certificate), trusted) },
    }) { BaseAddress = ApiUrl, Timeout = TimeSpan.FromSeconds(10) };
}
