namespace HarombeActors.Actors.Configuration;

/// <summary>
/// Everything a node needs, bound from the "Harombe" configuration section (appsettings.json, environment
/// variables HAROMBE__*, command line). The defaults run out of the box: one node on 127.0.0.1:4053 with SQLite
/// files under ./data.
/// </summary>
public sealed class HarombeOptions
{
    public const string Section = "Harombe";

    public string Hostname { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 4053;
    /// <summary>The name other nodes reach this one by, when binding to 0.0.0.0 (containers). Defaults to <see cref="Hostname"/>.</summary>
    public string? PublicHostname { get; set; }
    /// <summary>Seed nodes as host:port (or full akka.tcp addresses); empty means this node seeds itself.</summary>
    public List<string> Seeds { get; set; } = [];
    public string ActorSystemName { get; set; } = "harombe";
    public string DataDir { get; set; } = "data";

    /// <summary>sqlite (embedded default, single host) or postgres (multi-node).</summary>
    public string Persistence { get; set; } = "sqlite";
    /// <summary>PostgreSQL connection string when <see cref="Persistence"/> is postgres.</summary>
    public string? PostgresConnectionString { get; set; }
    /// <summary>
    /// The most PostgreSQL connections this host opens (Npgsql's own default is 100 per host, and PostgreSQL's
    /// max_connections is 100 in all: three hosts could exhaust the server, and a secret whose recovery finds no
    /// connection fails). Applies unless the connection string names a pool size itself.
    /// </summary>
    public int PostgresMaxPoolSize { get; set; } = 20;

    /// <summary>Base64 of 32 bytes. Also read from HAROMBE_MASTER_KEY. Without it, <see cref="MasterKeyFile"/> is used.</summary>
    public string? MasterKey { get; set; }
    /// <summary>Defaults to DATA_DIR/master.key, created with mode 0600 on first start when absent.</summary>
    public string? MasterKeyFile { get; set; }

    /// <summary>The operator token (name "operator"). Also read from HAROMBE_OPERATOR_TOKEN; else DATA_DIR/operator.token, created 0600.</summary>
    public string? OperatorToken { get; set; }
    /// <summary>More operators, by name: each name is recorded in the events of the commands its token sends.</summary>
    public Dictionary<string, string> OperatorTokens { get; set; } = [];

    /// <summary>
    /// The token consumers that are not cluster members present to the front door (name "consumer", every path). Also
    /// read from HAROMBE_CONSUMER_TOKEN; else DATA_DIR/consumer.token, created 0600.
    /// </summary>
    public string? ConsumerToken { get; set; }
    /// <summary>More consumer tokens, by name, each limited to the path prefixes it may read.</summary>
    public Dictionary<string, ConsumerTokenOptions> ConsumerTokens { get; set; } = [];

    /// <summary>
    /// Mutual TLS between cluster members. Unset, a host uses (and on first start creates) the cluster CA and its own
    /// certificate in the data directory.
    /// </summary>
    public ClusterTlsOptions Cluster { get; set; } = new();

    /// <summary>The front door: one gRPC + HTTP/JSON endpoint for the CLI, consumers, health and metrics.</summary>
    public ApiOptions Api { get; set; } = new();

    /// <summary>Credential backends by name: managed secrets are created against one (secret put --backend NAME).</summary>
    public Dictionary<string, BackendOptions> Backends { get; set; } = [];

    /// <summary>Built-in verification tests by name, usable in any policy (verificationTests).</summary>
    public Dictionary<string, CheckOptions> Verification { get; set; } = [];

    /// <summary>How webhook deliveries are tried and retried.</summary>
    public WebhookOptions Webhooks { get; set; } = new();

    /// <summary>
    /// Managed secrets: the target still accepts a version this long after nothing may use it any more (a client that
    /// read the old credential just before it moved may still be connecting with it), then it is retired there.
    /// </summary>
    public TimeSpan TargetRetireGrace { get; set; } = TimeSpan.FromSeconds(5);

    public int SnapshotEvery { get; set; } = 100;

    /// <summary>Version changes one consumer may report at once; beyond it they are coalesced (the latest wins).</summary>
    public int ConsumerVersionChangeBurst { get; set; } = 10;
    /// <summary>One more version change is allowed per this interval (10 per minute by default).</summary>
    public TimeSpan ConsumerVersionChangeRefill { get; set; } = TimeSpan.FromSeconds(6);
    public TimeSpan VerificationTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>A consumer stale for longer than this is forgotten (ConsumerExpired).</summary>
    public TimeSpan ConsumerRetention { get; set; } = TimeSpan.FromHours(24);
    /// <summary>New consumers one front-door token may register at one secret at once, then per minute.</summary>
    public int ConsumerRegistrationBurst { get; set; } = Consumers.RegistrationLimit.Default.Burst;
    public int ConsumerRegistrationsPerMinute { get; set; } = Consumers.RegistrationLimit.Default.PerMinute;
    /// <summary>
    /// Split-brain resolver stable-after: how long membership must be stable before an unreachable member is downed.
    /// A crashed host's secrets come back on a survivor after about detection + 2 x this (the shards also wait a
    /// removal margin of the same length), 10 s giving about 25 s; lower means faster failover but a long GC pause
    /// or network blip may get a live member downed.
    /// </summary>
    public TimeSpan SplitBrainStableAfter { get; set; } = TimeSpan.FromSeconds(10);

    public string FullDataDir => Path.GetFullPath(DataDir);
}
