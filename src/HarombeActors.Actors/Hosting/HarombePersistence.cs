using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
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
                    return $"Data Source={Path.Combine(dir, file)};Pooling=True";
                }
                return builder
                    .WithSqlPersistence(Journal(true, "sql", Sqlite("journal.db"), ProviderName.SQLiteMS), Snapshots(true, "sql", Sqlite("snapshots.db"), ProviderName.SQLiteMS))
                    .WithSqlPersistence(Journal(false, ShardingIdentifier, Sqlite("sharding.db"), ProviderName.SQLiteMS),
                        Snapshots(false, ShardingIdentifier, Sqlite("sharding-snapshots.db"), ProviderName.SQLiteMS));
            case "postgres" or "postgresql":
                var cs = options.PostgresConnectionString
                         ?? throw new InvalidOperationException("Harombe:PostgresConnectionString: required when Harombe:Persistence is postgres");
                return builder
                    .WithSqlPersistence(Journal(true, "sql", cs, ProviderName.PostgreSQL), Snapshots(true, "sql", cs, ProviderName.PostgreSQL))
                    // One database serves both plugins: sharding's persistence ids never collide with "secret-..." ones.
                    .WithSqlPersistence(Journal(false, ShardingIdentifier, cs, ProviderName.PostgreSQL),
                        Snapshots(false, ShardingIdentifier, cs, ProviderName.PostgreSQL))
                    // PostgreSQL has no single-writer limit: let the journal write in parallel again.
                    .AddHocon("akka.persistence.journal.sql.parallelism = 4\nakka.persistence.journal.sharding.parallelism = 4", HoconAddMode.Prepend);
            default:
                throw new InvalidOperationException($"Harombe:Persistence: must be sqlite or postgres (got '{options.Persistence}')");
        }
    }

    private static SqlJournalOptions Journal(bool isDefault, string identifier, string connectionString, string provider) =>
        new(isDefault, identifier) { ConnectionString = connectionString, ProviderName = provider, AutoInitialize = true };

    private static SqlSnapshotOptions Snapshots(bool isDefault, string identifier, string connectionString, string provider) =>
        new(isDefault, identifier) { ConnectionString = connectionString, ProviderName = provider, AutoInitialize = true };
}
