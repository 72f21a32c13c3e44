using Akka.Hosting;
using AkkaPersistenceJournalBuilder = Akka.Persistence.Hosting.AkkaPersistenceJournalBuilder;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Hosting;
using HarombeActors.Actors.Secrets;
using HarombeActors.Domain.Events;
using HarombeActors.Actors.Configuration;
using LinqToDB;

namespace HarombeActors.Actors.Hosting;

/// <summary>
/// Journal and snapshot stores through Akka.Persistence.Sql: SQLite files by default (separate files for the
/// journal, the snapshots and the sharding journal, because SQLite allows one writer per file), PostgreSQL when
/// configured. Chosen by configuration only.
/// </summary>
public static class HarombePersistence
{
    public const string ShardingIdentifier = "sharding";
    public const string ShardingJournalPluginId = "akka.persistence.journal." + ShardingIdentifier;
    public const string ShardingSnapshotPluginId = "akka.persistence.snapshot-store." + ShardingIdentifier;

    public static AkkaConfigurationBuilder WithHarombePersistence(this AkkaConfigurationBuilder builder, HarombeOptions options)
    {
        switch (options.Persistence.Trim().ToLowerInvariant())
        {
            case "sqlite":
                var dir = options.FullDataDir;
                PrivateFile.CreateDirectory(dir);
                string Sqlite(string file)
                {
                    // The journal holds ciphertexts, who did what and when: owner only, like the key beside it.
                    PrivateFile.Touch(Path.Combine(dir, file));
                    var connectionString = $"Data Source={Path.Combine(dir, file)};Pooling=True";
                    WriteAheadLog(connectionString);
                    return connectionString;
                }
                return builder
                    .WithSqlPersistence(Journal(true, "sql", Sqlite("journal.db"), ProviderName.SQLiteMS, null),
                        Snapshots(true, "sql", Sqlite("snapshots.db"), ProviderName.SQLiteMS, null), TagEvents)
                    .WithSqlPersistence(Journal(false, ShardingIdentifier, Sqlite("sharding.db"), ProviderName.SQLiteMS, null),
                        Snapshots(false, ShardingIdentifier, Sqlite("sharding-snapshots.db"), ProviderName.SQLiteMS, null));
            case "postgres" or "postgresql":
                var cs = PostgresConnectionString(options);
                return builder
                    .WithSqlPersistence(Journal(true, "sql", cs, ProviderName.PostgreSQL, null), Snapshots(true, "sql", cs, ProviderName.PostgreSQL, null), TagEvents)
                    // Sharding's coordinator state and remembered entities get tables of their own in the same database, so the
                    // secrets' journal (the audit trail) holds only secrets' events.
                    .WithSqlPersistence(Journal(false, ShardingIdentifier, cs, ProviderName.PostgreSQL, "sharding_"),
                        Snapshots(false, ShardingIdentifier, cs, ProviderName.PostgreSQL, "sharding_"));
            default:
                throw new HarombeConfigurationException($"Harombe:Persistence: must be sqlite or postgres (got '{options.Persistence}')");
        }
    }

    /// <summary>
    /// SQLite's write-ahead log instead of its rollback journal: a commit appends to one file and syncs it once, and
    /// readers (recoveries, queries) do not wait for the writer. Durability is unchanged (synchronous stays FULL). The
    /// mode is stored in the file, so setting it again on every start is a no-op.
    /// </summary>
    private static void WriteAheadLog(string connectionString)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    /// <summary>The configured connection string with this host's pool bound (unless it names a pool size itself).</summary>
    public static string PostgresConnectionString(HarombeOptions options)
    {
        var configured = options.PostgresConnectionString
                         ?? throw new HarombeConfigurationException("Harombe:PostgresConnectionString: required when Harombe:Persistence is postgres");
        if (options.PostgresMaxPoolSize < 1) throw new HarombeConfigurationException("Harombe:PostgresMaxPoolSize: must be at least 1");
        // Npgsql's builder says it "contains" every keyword it knows; the plain builder holds only what was written.
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured };
        if (written.ContainsKey("Maximum Pool Size") || written.ContainsKey("MaxPoolSize")) return configured;
        return new Npgsql.NpgsqlConnectionStringBuilder(configured) { MaxPoolSize = options.PostgresMaxPoolSize }.ConnectionString;
    }

    /// <summary>Every secret event is tagged (see <see cref="EventTags"/>), so projections read by tag instead of scanning every persistence id.</summary>
    private static void TagEvents(AkkaPersistenceJournalBuilder journal) => journal.AddWriteEventAdapter<EventTags>("harombe-tags", [typeof(ISecretEvent)]);

    /// <summary>
    /// How reads (recoveries, history, queries by tag) open their transactions. On SQLite, Microsoft.Data.Sqlite begins
    /// a transaction of the default level with BEGIN IMMEDIATE, which takes the database's one write lock: every read
    /// waited for the journal's writer and for every other read, sleeping in the driver's busy loop on a pool thread.
    /// Under a burst (1,000 rotations at once; a restart recovering every remembered secret) that stalled a node for 10
    /// to 20 s, journal writes hit their 10 s circuit-breaker timeout (the secret stopped and its caller got no answer)
    /// and recoveries their 30 s one (bench <c>scale</c>). ReadUncommitted is the level it opens with a plain deferred
    /// BEGIN: in WAL mode a snapshot of committed data that neither blocks nor waits for the writer (without a shared
    /// cache nothing uncommitted can be seen). PostgreSQL keeps its default, read committed.
    /// </summary>
    private static System.Data.IsolationLevel? ReadIsolation(string provider) =>
        provider == ProviderName.SQLiteMS ? System.Data.IsolationLevel.ReadUncommitted : null;

    private static SqlJournalOptions Journal(bool isDefault, string identifier, string connectionString, string provider, string? tablePrefix) =>
        new(isDefault, identifier)
        {
            ConnectionString = connectionString, ProviderName = provider, AutoInitialize = true, TagStorageMode = TagMode.TagTable,
            ReadIsolationLevel = ReadIsolation(provider),
            // Live queries (audit follow and tail) poll this often when idle; see the sequence tracker in akka.hocon.
            QueryRefreshInterval = TimeSpan.FromMilliseconds(100),
            DatabaseOptions = tablePrefix is null ? null : new JournalDatabaseOptions(DatabaseMapping.PostgreSql)
            {
                JournalTable = new JournalTableOptions { TableName = tablePrefix + "journal" },
                MetadataTable = new MetadataTableOptions { TableName = tablePrefix + "journal_metadata" },
                TagTable = new TagTableOptions { TableName = tablePrefix + "tags" },
            },
        };

    private static SqlSnapshotOptions Snapshots(bool isDefault, string identifier, string connectionString, string provider, string? tablePrefix) =>
        new(isDefault, identifier)
        {
            ConnectionString = connectionString, ProviderName = provider, AutoInitialize = true,
            ReadIsolationLevel = ReadIsolation(provider),
            DatabaseOptions = tablePrefix is null ? null : new SnapshotDatabaseOptions(DatabaseMapping.PostgreSql)
            {
                SnapshotTable = new SnapshotTableOptions { TableName = tablePrefix + "snapshot" },
            },
        };
}
