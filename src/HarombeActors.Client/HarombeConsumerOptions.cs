using HarombeActors.Domain.State;

namespace HarombeActors.Client;

/// <summary>
/// A service's consumer configuration, bound from the "Harombe:Consumer" section (appsettings.json, environment
/// variables such as Harombe__Consumer__Token). Give <see cref="Seeds"/> to join as a client node, or
/// <see cref="Contacts"/> (with <see cref="Token"/>) to stay outside the cluster.
/// </summary>
public sealed class HarombeConsumerOptions
{
    public const string Section = "Harombe:Consumer";

    public string SystemName { get; set; } = "harombe";

    /// <summary>This process's remoting address as a client node (Seeds); hosts push notices to it, so it must be reachable from them.</summary>
    public string Hostname { get; set; } = "127.0.0.1";
    public int Port { get; set; }

    /// <summary>Hosts to join as a client node (a member with role "client"); needs the cluster certificate settings below.</summary>
    public List<string> Seeds { get; set; } = [];

    /// <summary>Client node: this member's certificate from the cluster CA, and the CA (see <see cref="ClusterMembershipOptions"/>).</summary>
    public ClusterMembershipOptions Cluster { get; set; } = new();

    /// <summary>
    /// The hosts' front doors (HOST:PORT or http(s)://HOST:PORT), to consume without joining; requires <see cref="Token"/>.
    /// The client fails over between them.
    /// </summary>
    public List<string> Contacts { get; set; } = [];

    /// <summary>A consumer token of the hosts (front door only). Also read from HAROMBE_CONSUMER_TOKEN.</summary>
    public string? Token { get; set; }

    /// <summary>PEM file of a private CA to trust for https contacts (instead of the system's roots).</summary>
    public string? CaCertificate { get; set; }

    /// <summary>Client nodes must use the hosts' split-brain-resolver setting.</summary>
    public TimeSpan SplitBrainStableAfter { get; set; } = TimeSpan.FromSeconds(10);

    public List<ConsumedSecret> Secrets { get; set; } = [];
}

/// <summary>One secret this service consumes, and as whom.</summary>
public sealed class ConsumedSecret
{
    public string Path { get; set; } = "";
    public string ConsumerId { get; set; } = "";
    public ConsumerRole Role { get; set; } = ConsumerRole.Client;
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>A client node's cluster TLS material: its certificate (PEM with its key, or PFX) and the cluster CA's PEM.</summary>
public sealed class ClusterMembershipOptions
{
    public string? Certificate { get; set; }
    public string? CertificateKey { get; set; }
    public string? CertificatePassword { get; set; }
    /// <summary>The only root a member's certificate may chain to.</summary>
    public string? CaCertificate { get; set; }
}
