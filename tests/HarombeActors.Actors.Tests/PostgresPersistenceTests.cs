using Microsoft.Extensions.Logging;
using Akka.Actor;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Actors.Tests.Support;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Values;
using Npgsql;

namespace HarombeActors.Actors.Tests;

/// <summary>PostgreSQL chosen by configuration alone: the secrets' journal, tags, snapshots and sharding in tables of their own.</summary>
[Collection(PostgresCollection.Name)]
public class PostgresPersistenceTests(PostgresFixture postgres, Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>The node's warnings (a failed snapshot save, say) go to this test's output, shown with a failure.</summary>
    private Task<EmbeddedNode> Start(HarombeOptions options) =>
        EmbeddedNode.StartAsync(options, logging: logging => logging.AddProvider(new TestOutputLoggerProvider(output)));

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(20);

    private static HarombeOptions Options(string connectionString, string dir) => new()
    {
        Port = EmbeddedNode.FreeLoopbackPort(), DataDir = dir, ActorSystemName = "harombe-pg", Persistence = "postgres",
        PostgresConnectionString = connectionString, MasterKey = Convert.ToBase64String(new byte[32]), SnapshotEvery = 3,
    };

    private static async Task<long> Count(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task<long[]> SnapshotSequenceNumbers(string connectionString, string persistenceId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT sequence_number FROM snapshot WHERE persistence_id = @id ORDER BY sequence_number", connection);
        command.Parameters.AddWithValue("id", persistenceId);
        var numbers = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) numbers.Add(reader.GetInt64(0));
        return [.. numbers];
    }

    [Fact]
    public async Task A_host_on_postgres_keeps_secrets_sharding_and_tags_apart_and_recovers_after_a_restart()
    {
        var cs = await postgres.Server.CreateDatabaseAsync();
        var dir = Directory.CreateTempSubdirectory("harombe-pg-host-").FullName;
        var path = SecretPath.Parse("/pg/db");
        var rotations = 0;
        try
        {
            await using (var node = await Start(Options(cs, dir)))
            {
                await node.Region.Ask<SecretWriteAccepted>(new WriteSecret(path, SecretValue.Create("pg-value-1"), new Principal("ops")), AskTimeout);
                // Snapshots every 3 events, of which only the latest two are kept (older ones are deleted after the newest is
                // saved). Saves are asynchronous, so rotate until the clean-up is seen rather than waiting on a clock.
                var firstSnapshot = long.MaxValue;
                long[] kept = [];
                while (!(kept.Length == 2 && kept[0] > firstSnapshot))
                {
                    Assert.True(rotations < 20, $"after {rotations} rotations the snapshots kept are [{string.Join(", ", kept)}], not the latest two after the first ({firstSnapshot})");
                    rotations++;
                    var result = await node.Region.Ask<RotationOutcome>(new RotateSecret(path, new Principal("ops"),
                        new RotationPolicy { Strategy = RotationStrategy.BlueGreen, RequireVerification = false }, SecretValue.Create($"pg-value-{rotations + 1}")), AskTimeout);
                    Assert.True(result.Result.Success);
                    kept = await SnapshotSequenceNumbers(cs, "secret-/pg/db");
                    if (kept.Length > 0) firstSnapshot = Math.Min(firstSnapshot, kept[0]);
                }
            }
            // The secrets' journal holds secrets' events (and the key check), sharding writes to its own tables.
            Assert.Equal(0, await Count(cs, "SELECT count(*) FROM journal WHERE persistence_id NOT LIKE 'secret-%' AND persistence_id NOT LIKE 'harombe-%'"));
            Assert.True(await Count(cs, "SELECT count(*) FROM journal WHERE persistence_id = 'secret-/pg/db'") >= 10);
            Assert.True(await Count(cs, "SELECT count(*) FROM sharding_journal") > 0);
            Assert.Equal(0, await Count(cs, "SELECT count(*) FROM sharding_journal WHERE persistence_id LIKE 'secret-%'"));
            // Every secret event is tagged once, "secret" (no tag per kind: see EventTags).
            Assert.Equal(await Count(cs, "SELECT count(*) FROM journal WHERE persistence_id = 'secret-/pg/db'"),
                await Count(cs, "SELECT count(*) FROM tags WHERE tag = 'secret' AND persistence_id = 'secret-/pg/db'"));
            Assert.Equal(0, await Count(cs, "SELECT count(*) FROM tags WHERE tag <> 'secret' AND persistence_id = 'secret-/pg/db'"));
            // Events are never deleted: the journal is the audit trail.
            Assert.Equal(0, await Count(cs, "SELECT count(*) FROM journal WHERE persistence_id = 'secret-/pg/db' AND deleted"));

            await using var restarted = await Start(Options(cs, dir));
            var read = await restarted.Region.Ask<SecretRead>(new GetSecret(path, VersionSelector.Current, Reveal: true), AskTimeout);
            Assert.Equal((rotations + 1, $"pg-value-{rotations + 1}"), (read.Version, read.Value!.RevealPlaintext()));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
