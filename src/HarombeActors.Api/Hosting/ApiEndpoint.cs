using System.Net;
using System.Security.Cryptography.X509Certificates;
using HarombeActors.Actors.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace HarombeActors.Api.Hosting;

/// <summary>
/// Where and how the front door listens, checked before anything starts. Plaintext is allowed only on a loopback
/// address; it then serves HTTP/1.1 (JSON, gRPC-Web, health, metrics: what curl, browsers, Prometheus and any
/// language's standard library speak), because HTTP/1.1 and HTTP/2 can share a port only through TLS's protocol
/// negotiation. With a certificate it serves HTTP/1.1 and HTTP/2, so native gRPC clients work too.
/// </summary>
public sealed record ApiEndpoint(IPAddress? Address, int Port, X509Certificate2? Certificate)
{
    public bool Tls => Certificate is not null;

    public string Url => $"{(Tls ? "https" : "http")}://{(Address is null ? "localhost" : Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString())}:{Port}";

    public static ApiEndpoint From(ApiOptions options)
    {
        const string field = "Harombe:Api:Url";
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
            throw new HarombeConfigurationException($"{field}: '{options.Url}' must be http://HOST:PORT or https://HOST:PORT");
        var port = options.Port ?? uri.Port;
        if (port is < 1 or > 65535) throw new HarombeConfigurationException($"Harombe:Api:Port: must be between 1 and 65535 (got {port})");
        IPAddress? address = uri.Host switch
        {
            "localhost" => null,
            "*" or "+" or "0.0.0.0" => IPAddress.Any,
            "[::]" => IPAddress.IPv6Any,
            _ => IPAddress.TryParse(uri.Host, out var parsed) ? parsed
                : throw new HarombeConfigurationException($"{field}: '{uri.Host}' must be an IP address, localhost or 0.0.0.0 (Kestrel binds addresses, not names)"),
        };
        var loopback = address is null || IPAddress.IsLoopback(address);
        var certificate = LoadCertificate(options.Certificate);
        if (uri.Scheme == "https" && certificate is null)
            throw new HarombeConfigurationException($"{field}: https needs Harombe:Api:Certificate:CertificateFile and KeyFile (PEM)");
        if (uri.Scheme == "http" && !loopback)
            throw new HarombeConfigurationException(
                $"{field}: {options.Url} would serve tokens and secrets in plaintext beyond loopback; listen on 127.0.0.1, or use https:// with Harombe:Api:Certificate:CertificateFile and KeyFile (PEM)");
        if (uri.Scheme == "http" && certificate is not null)
            throw new HarombeConfigurationException($"{field}: a certificate is configured, so use https://");
        return new ApiEndpoint(address, port, certificate);
    }

    public void Configure(KestrelServerOptions kestrel, int maxRequestBytes)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = maxRequestBytes;
        void Listen(ListenOptions listen)
        {
            listen.Protocols = Tls ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
            if (Certificate is not null) listen.UseHttps(Certificate);
        }
        if (Address is null) kestrel.ListenLocalhost(Port, Listen);
        else kestrel.Listen(Address, Port, Listen);
    }

    private static X509Certificate2? LoadCertificate(ApiCertificateOptions? options)
    {
        if (options is null || (string.IsNullOrWhiteSpace(options.CertificateFile) && string.IsNullOrWhiteSpace(options.KeyFile))) return null;
        if (string.IsNullOrWhiteSpace(options.CertificateFile) || string.IsNullOrWhiteSpace(options.KeyFile))
            throw new HarombeConfigurationException("Harombe:Api:Certificate: give both CertificateFile and KeyFile (PEM)");
        try
        {
            return X509Certificate2.CreateFromPemFile(options.CertificateFile, options.KeyFile);
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            throw new HarombeConfigurationException($"Harombe:Api:Certificate: cannot load {options.CertificateFile} with {options.KeyFile}: {e.Message}");
        }
    }
}
