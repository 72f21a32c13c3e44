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

    /// <summary>This process's remoting address; hosts push notices to it, so it must be reachable from them.</summary>
    public string Hostname { get; set; } = "127.0.0.1";
    public int Port { get; set; }

    /// <summary>Hosts to join as a client node (a member with role "client").</summary>
    public List<string> Seeds { get; set; } = [];

    /// <summary>Hosts to reach through ClusterClient without joining; requires <see cref="Token"/>.</summary>
    public List<string> Contacts { get; set; } = [];

    /// <summary>The hosts' consumer token (outside the cluster only). Also read from HAROMBE_CONSUMER_TOKEN.</summary>
    public string? Token { get; set; }

    /// <summary>Client nodes must use the hosts' split-brain-resolver setting.</summary>
    public TimeSpan SplitBrainStableAfter { get; set; } = TimeSpan.FromSeconds(20);

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
