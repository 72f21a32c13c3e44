namespace HarombeActors.Client;

/// <summary>How a process that is not a cluster member reaches the cluster: host contacts and the consumer token.</summary>
public sealed record SecretGatewayOptions
{
    /// <summary>"host:port" of one or more hosts; any one that answers is enough, and the client fails over.</summary>
    public required IReadOnlyList<string> Contacts { get; init; }

    /// <summary>The hosts' consumer token (their Harombe:ConsumerToken, HAROMBE_CONSUMER_TOKEN, or data/consumer.token).</summary>
    public required string Token { get; init; }

    public string SystemName { get; init; } = "harombe";

    /// <summary>This process's remoting address: hosts push rotation notices to it, so it must be reachable from them.</summary>
    public string Hostname { get; init; } = "127.0.0.1";
    public int Port { get; init; }
}
