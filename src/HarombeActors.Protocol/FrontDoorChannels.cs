using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;

namespace HarombeActors.Protocol;

/// <summary>
/// How a .NET client (the CLI, the client library) reaches a front door. "HOST:PORT" means http on a loopback host and https elsewhere; a full URL says
/// it outright. Plain http is gRPC-Web over HTTP/1.1 (what a plaintext host serves); https is native gRPC over HTTP/2,
/// trusting the system's roots, or only the given CA with --ca-cert.
/// </summary>
public static class FrontDoorChannels
{
    /// <summary>The address of a contact; throws <see cref="ArgumentException"/> naming the rule when it is not one.</summary>
    public static Uri Address(string contact)
    {
        if (contact.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(contact, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/"
                ? uri
                : throw new ArgumentException($"'{contact}' must be HOST:PORT or http(s)://HOST:PORT");
        }
        var colon = contact.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(contact[(colon + 1)..], out var port) || port is < 1 or > 65535)
            throw new ArgumentException($"'{contact}' must be HOST:PORT or http(s)://HOST:PORT");
        var host = contact[..colon];
        var loopback = host is "localhost" || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));
        return new Uri($"{(loopback ? "http" : "https")}://{host}:{port}");
    }

    public static GrpcChannel Open(Uri address, X509Certificate2? ca)
    {
        HttpMessageHandler handler;
        if (address.Scheme == "https")
        {
            var sockets = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, ConnectTimeout = TimeSpan.FromSeconds(5) };
            if (ca is not null) sockets.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Validator(ca) };
            handler = sockets;
        }
        else
        {
            handler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) });
        }
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler, DisposeHttpClient = true, MaxReceiveMessageSize = 16 * 1024 * 1024,
            // Plain http is gRPC-Web over HTTP/1.1; https negotiates HTTP/2.
            HttpVersion = address.Scheme == "https" ? System.Net.HttpVersion.Version20 : System.Net.HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
    }

    /// <summary>
    /// How a client of a front door checks it against a private CA: the CA vouches for the chain, and the name still has
    /// to be the one dialled (any other certificate from that CA, another member or service, is not this front door).
    /// </summary>
    public static RemoteCertificateValidationCallback Validator(X509Certificate2 ca) =>
        (_, certificate, _, errors) => (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0 && IssuedBy(certificate, ca);

    /// <summary>The server's certificate chains up to exactly this CA (a private CA is never added to any trust store).</summary>
    public static bool IssuedBy(X509Certificate? presented, X509Certificate2 ca)
    {
        if (presented is null) return false;
        using var certificate = new X509Certificate2(presented);
        return Security.PrivateCa.Issued(certificate, ca, Security.PrivateCa.ServerAuth);
    }
}
