namespace HarombeActors.Actors.Configuration;

/// <summary>The front door's endpoint, bound from "Harombe:Api".</summary>
public sealed class ApiOptions
{
    /// <summary>
    /// Where the API listens. Plaintext (http) only on a loopback address; anything else needs
    /// <see cref="Certificate"/> and https, and the host refuses to start without it.
    /// </summary>
    public string Url { get; set; } = "http://127.0.0.1:4054";

    /// <summary>Overrides the port of <see cref="Url"/> (the host switch --api-port).</summary>
    public int? Port { get; set; }

    /// <summary>PEM certificate and key for https.</summary>
    public ApiCertificateOptions? Certificate { get; set; }

    /// <summary>The largest request body or gRPC message accepted; a value is at most 64 KiB, so 256 KiB leaves room.</summary>
    public int MaxRequestBytes { get; set; } = 256 * 1024;
}

public sealed class ApiCertificateOptions
{
    public string? CertificateFile { get; set; }
    public string? KeyFile { get; set; }
}

/// <summary>One named consumer token and the path prefixes it may read (a prefix is whole segments: "/app" covers "/app/x", not "/apple").</summary>
public sealed class ConsumerTokenOptions
{
    public string Token { get; set; } = "";
    public List<string> Prefixes { get; set; } = [];
}

/// <summary>A member's certificate for cluster TLS (PEM with its key, or PFX with its password) and the cluster CA's PEM.</summary>
public sealed class ClusterTlsOptions
{
    public string? Certificate { get; set; }
    public string? CertificateKey { get; set; }
    public string? CertificatePassword { get; set; }
    public string? CaCertificate { get; set; }
}
