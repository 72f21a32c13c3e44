using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarombeActors.Actors.Tests;

public class ConfigurationTests
{
    private static HarombeOptions Bind(string[] args, Dictionary<string, string?>? settings = null) =>
        HarombeNode.BindOptions(new ConfigurationBuilder()
            .AddInMemoryCollection(settings ?? [])
            .AddCommandLine(HostArguments.Normalize(args))
            .Build());

    [Fact]
    public void Defaults_run_out_of_the_box()
    {
        var o = Bind([]);
        Assert.Equal("127.0.0.1", o.Hostname);
        Assert.Equal(4053, o.Port);
        Assert.Equal("data", o.DataDir);
        Assert.Equal("sqlite", o.Persistence);
        Assert.Empty(o.Seeds);
    }

    [Fact]
    public void Host_switches_map_onto_options_and_seed_repeats()
    {
        var o = Bind(["--port", "4060", "--hostname=10.0.0.5", "--seed", "a:1", "--seed=b:2", "--data-dir", "/tmp/x"]);
        Assert.Equal(4060, o.Port);
        Assert.Equal("10.0.0.5", o.Hostname);
        Assert.Equal(["a:1", "b:2"], o.Seeds);
        Assert.Equal("/tmp/x", o.DataDir);
    }

    [Fact]
    public void The_command_line_wins_over_settings() =>
        Assert.Equal(5000, Bind(["--port", "5000"], new() { ["Harombe:Port"] = "4100" }).Port);

    [Fact]
    public void A_switch_without_a_value_is_an_error() =>
        Assert.Contains("--port", Assert.Throws<ArgumentException>(() => HostArguments.Normalize(["--port"])).Message);

    [Fact]
    public void Seeds_become_cluster_addresses() =>
        Assert.Equal("akka.ssl.tcp://harombe@h:1", HarombeActors.Routing.HarombeMembership.SeedAddress("harombe", "h:1"));

    [Fact]
    public void The_embedded_default_creates_a_private_master_key_once()
    {
        var dir = Directory.CreateTempSubdirectory("harombe-key-").FullName;
        try
        {
            var options = new HarombeOptions { DataDir = dir };
            var first = MasterKeyLoader.Load(options, NullLogger.Instance);
            var file = Path.Combine(dir, "master.key");
            Assert.Equal(32, first.Length);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(first, MasterKeyLoader.Load(options, NullLogger.Instance));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_configured_master_key_must_be_32_bytes_of_base64()
    {
        Assert.Contains("32 bytes", Assert.Throws<InvalidOperationException>(() =>
            MasterKeyLoader.Load(new HarombeOptions { MasterKey = Convert.ToBase64String(new byte[16]) }, NullLogger.Instance)).Message);
        Assert.Contains("base64", Assert.Throws<InvalidOperationException>(() =>
            MasterKeyLoader.Load(new HarombeOptions { MasterKey = "not base64!" }, NullLogger.Instance)).Message);
    }

    [Fact]
    public void Unknown_persistence_is_refused_by_name() =>
        Assert.Contains("Harombe:Persistence", Assert.Throws<HarombeConfigurationException>(() =>
            new Akka.Hosting.AkkaConfigurationBuilder(new Microsoft.Extensions.DependencyInjection.ServiceCollection(), "x")
                .WithHarombePersistence(new HarombeOptions { Persistence = "mongo" })).Message);

    [Theory]
    [InlineData("Host=db;Username=h;Password=p", 20)]
    [InlineData("Host=db;Username=h;Password=p;Maximum Pool Size=7", 7)]
    [InlineData("Host=db;Username=h;Password=p;maxpoolsize=7", 7)]
    public void A_host_bounds_its_postgres_pool_unless_the_connection_string_does(string configured, int expected) =>
        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(HarombePersistence.PostgresConnectionString(
            new HarombeOptions { Persistence = "postgres", PostgresConnectionString = configured })).MaxPoolSize);

    [Fact]
    public void A_pool_size_below_one_is_refused_by_name() =>
        Assert.Equal("Harombe:PostgresMaxPoolSize: must be at least 1", Assert.Throws<HarombeConfigurationException>(() =>
            HarombePersistence.PostgresConnectionString(new HarombeOptions { PostgresConnectionString = "Host=db", PostgresMaxPoolSize = 0 })).Message);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Hosts_and_client_nodes_run_the_same_split_brain_resolver_counting_hosts_only(bool host)
    {
        var dir = Directory.CreateTempSubdirectory("harombe-sbr-").FullName;
        var port = EmbeddedNode.FreeLoopbackPort();
        var options = new HarombeOptions { Port = port, DataDir = dir, ActorSystemName = "harombe-sbr", SplitBrainStableAfter = TimeSpan.FromSeconds(3) };
        // A client node needs a host to join; the host seeds itself.
        try
        {
            await using var seed = await EmbeddedNode.StartAsync(options);
            await using var client = host ? null : await EmbeddedNode.StartClientAsync(new HarombeOptions
            {
                Port = EmbeddedNode.FreeLoopbackPort(), Seeds = [$"127.0.0.1:{port}"], ActorSystemName = "harombe-sbr", SplitBrainStableAfter = TimeSpan.FromSeconds(3),
                Cluster = Security.ClusterCertificates.IssueForMember(dir, Path.Combine(dir, "client"), "test client node"),
            });
            var config = (client ?? seed).System.Settings.Config;
            Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
            Assert.Equal("host", config.GetString("akka.cluster.split-brain-resolver.keep-majority.role"));
            // Client nodes dying seconds apart must never down the hosts too.
            Assert.Equal("off", config.GetString("akka.cluster.split-brain-resolver.down-all-when-unstable"));
            Assert.Equal(TimeSpan.FromSeconds(3), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
            Assert.StartsWith("Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster", config.GetString("akka.cluster.downing-provider-class"), StringComparison.Ordinal);
            if (!host) return; // a client node has no journal
            // SQLite takes one writer per file: each journal writes one batch at a time (PostgreSQL hosts: 4).
            Assert.Equal(1, config.GetInt("akka.persistence.journal.sql.parallelism"));
            Assert.Equal(1, config.GetInt("akka.persistence.journal.sharding.parallelism"));
            Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
            // SQLite reads open deferred transactions (WAL snapshots), not BEGIN IMMEDIATE, which takes the one write lock.
            foreach (var plugin in new[] { "journal.sql", "journal.sharding", "snapshot-store.sql", "snapshot-store.sharding", "query.journal.sql" })
                Assert.Equal("read-uncommitted", config.GetString($"akka.persistence.{plugin}.read-isolation-level"));
            // The read side (secret catalog, audit stream) follows the journal within about 100 ms, not the default 1 s.
            Assert.Equal(TimeSpan.FromMilliseconds(100), config.GetTimeSpan("akka.persistence.query.journal.sql.journal-sequence-retrieval.query-delay"));
            Assert.Equal(TimeSpan.FromMilliseconds(100), config.GetTimeSpan("akka.persistence.query.journal.sql.refresh-interval"));
        }
        finally
        {
            // After the nodes are disposed (the end of the try), so no journal file is still being written.
            Directory.Delete(dir, true);
        }
    }
}
