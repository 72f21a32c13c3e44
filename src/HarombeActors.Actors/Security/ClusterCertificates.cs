using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HarombeActors.Actors.Configuration;
using HarombeActors.Routing;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Actors.Security;

/// <summary>
/// Where a node's cluster TLS material comes from: configured files (PEM certificate and key, or PFX, and the CA's PEM),
/// or, for a host with nothing configured, its data directory, where the first start creates the cluster CA and the
/// host's certificate (files 0600). `harombe-host certs issue` issues certificates for other hosts and client nodes from
/// that CA.
/// </summary>
public static class ClusterCertificates
{
    public const string CaFile = "cluster-ca.pem";
    public const string CaKeyFile = "cluster-ca.key";
    public const string NodeFile = "node.pem";
    public const string NodeKeyFile = "node.key";
    private static readonly TimeSpan CaValidity = TimeSpan.FromDays(3650);
    private static readonly TimeSpan NodeValidity = TimeSpan.FromDays(365);
    /// <summary>A provisioned host certificate this close to its end is issued again at start.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    public static ClusterTls ForHost(HarombeOptions options, ILogger logger)
    {
        if (options.Cluster.Certificate is not null) return Configured(options.Cluster, "Harombe:Cluster");
        var dir = options.FullDataDir;
        var ca = LoadOrCreateCa(dir, logger);
        var names = new[] { options.PublicHostname ?? options.Hostname, options.Hostname, "localhost", "127.0.0.1" }.Distinct(StringComparer.Ordinal).ToList();
        var nodeFile = Path.Combine(dir, NodeFile);
        var nodeKey = Path.Combine(dir, NodeKeyFile);
        X509Certificate2? node = File.Exists(nodeFile) && File.Exists(nodeKey) ? X509Certificate2.CreateFromPemFile(nodeFile, nodeKey) : null;
        var tls = node is null ? null : new ClusterTls(node, WithoutKey(ca));
        if (tls is null || !tls.IssuedByCa(node!) || node!.NotAfter.ToUniversalTime() - DateTime.UtcNow < RenewBefore || !Covers(node, names[0]))
        {
            node = CertificateAuthority.Issue(ca, $"harombe host {names[0]}", names, NodeValidity);
            CertificateAuthority.SavePem(node, nodeFile, nodeKey);
            logger.LogInformation("Issued this host's cluster certificate {File} from {Ca} (valid until {NotAfter:u})", nodeFile, Path.Combine(dir, CaFile), node.NotAfter);
            tls = new ClusterTls(node, WithoutKey(ca));
        }
        return tls;
    }

    /// <summary>Configured material (a client node's, or a production host's). Refuses what cannot work, naming the setting.</summary>
    public static ClusterTls Configured(ClusterTlsOptions options, string section)
    {
        try
        {
            return ClusterTls.Load(options.Certificate, options.CertificateKey, options.CertificatePassword, options.CaCertificate, section);
        }
        catch (ArgumentException e)
        {
            throw new HarombeConfigurationException(e.Message);
        }
    }

    /// <summary>
    /// Issues a certificate from this host's provisioned CA into <paramref name="outDir"/> (node.pem, node.key, and the
    /// CA's cluster-ca.pem without its key): for another host or a client node of the same cluster.
    /// </summary>
    public static string Issue(string dataDir, string outDir, string name, IReadOnlyList<string> addresses, TimeSpan validity)
    {
        var caFile = Path.Combine(dataDir, CaFile);
        var caKey = Path.Combine(dataDir, CaKeyFile);
        if (!File.Exists(caFile) || !File.Exists(caKey))
            throw new HarombeConfigurationException($"--data-dir: {dataDir} has no cluster CA ({CaFile} and {CaKeyFile}); start a host on it once, or point at the right one");
        using var ca = X509Certificate2.CreateFromPemFile(caFile, caKey);
        using var issued = CertificateAuthority.Issue(ca, name, addresses.Count == 0 ? ["127.0.0.1", "localhost"] : addresses, validity);
        CertificateAuthority.SavePem(issued, Path.Combine(outDir, NodeFile), Path.Combine(outDir, NodeKeyFile));
        CertificateAuthority.SavePem(ca, Path.Combine(outDir, CaFile), null);
        return $"issued '{name}' ({string.Join(", ", addresses)}) until {issued.NotAfter.ToUniversalTime():u}: {Path.Combine(outDir, NodeFile)}, {Path.Combine(outDir, NodeKeyFile)}, {Path.Combine(outDir, CaFile)}";
    }

    /// <summary>Issues a client node's certificate from a host's provisioned CA and returns the settings that use it.</summary>
    public static ClusterTlsOptions IssueForMember(string hostDataDir, string outDir, string name)
    {
        Issue(hostDataDir, outDir, name, ["127.0.0.1", "localhost"], TimeSpan.FromDays(30));
        return new ClusterTlsOptions
        {
            Certificate = Path.Combine(outDir, NodeFile), CertificateKey = Path.Combine(outDir, NodeKeyFile), CaCertificate = Path.Combine(outDir, CaFile),
        };
    }

    /// <summary>Creates the cluster CA in <paramref name="dataDir"/> when it has none (for issuing before any host starts, e.g. in containers).</summary>
    public static string InitCa(string dataDir)
    {
        var existed = File.Exists(Path.Combine(dataDir, CaFile)) && File.Exists(Path.Combine(dataDir, CaKeyFile));
        using var ca = LoadOrCreateCa(dataDir, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        return $"{(existed ? "kept" : "created")} the cluster CA {Path.Combine(dataDir, CaFile)} (key {CaKeyFile}, mode 0600), valid until {ca.NotAfter.ToUniversalTime():u}";
    }

    private static X509Certificate2 LoadOrCreateCa(string dir, ILogger logger)
    {
        var caFile = Path.Combine(dir, CaFile);
        var caKey = Path.Combine(dir, CaKeyFile);
        if (File.Exists(caFile) && File.Exists(caKey)) return X509Certificate2.CreateFromPemFile(caFile, caKey);
        var ca = CertificateAuthority.CreateCa("harombe cluster ca", CaValidity);
        CertificateAuthority.SavePem(ca, caFile, caKey);
        logger.LogWarning("No cluster certificate configured: created the cluster CA {File} (key {Key}, mode 0600). Members must present a certificate " +
                          "from it: issue one with `harombe-host certs issue --out DIR`. Set Harombe:Cluster:Certificate and CaCertificate in production.", caFile, caKey);
        return ca;
    }

    private static X509Certificate2 WithoutKey(X509Certificate2 ca) => X509CertificateLoader.LoadCertificate(ca.RawData);

    private static bool Covers(X509Certificate2 certificate, string name) =>
        certificate.MatchesHostname(name, allowWildcards: false, allowCommonName: false);
}
