using HarombeActors.Actors.Tests.Support;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using Microsoft.Data.Sqlite;

namespace HarombeActors.Actors.Tests;

/// <summary>
/// Reads of the SQLite journal (a secret's recovery, its history) never wait for the write lock. They used to open
/// their transactions with BEGIN IMMEDIATE, which takes it: under a burst of writes every read queued behind the
/// writer and behind each other, sleeping in the driver's busy loop, and a node stalled for 10 to 20 s (bench scale).
/// Here another connection holds the journal's write lock for the whole test: with the old setting each read below
/// waits for it (until the driver's 30 s busy timeout, past the ask's 15 s) and the test fails.
/// </summary>
public class SqliteReadsTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    /// <summary>A secret written and rotated once; then a connection of the test's own to the node's journal file.</summary>
    private async Task<SqliteConnection> WrittenAndRotated(string path, RotationStrategy strategy)
    {
        await Put(P(path), "first-value");
        await Rotate(P(path), new RotationPolicy { Strategy = strategy, RequireVerification = false }, "second-value");
        var connection = new SqliteConnection($"Data Source={Path.Combine(Node.DataDir, "journal.db")};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    [Fact]
    public async Task Every_secret_event_is_tagged_once_in_the_journal()
    {
        await using var reader = await WrittenAndRotated("/secrets/tagged", RotationStrategy.BlueGreen);
        async Task<long> Count(string sql)
        {
            await using var command = reader.CreateCommand();
            command.CommandText = sql;
            return (long)(await command.ExecuteScalarAsync())!;
        }
        var events = await Count("SELECT count(*) FROM journal WHERE persistence_id = 'secret-/secrets/tagged'");
        Assert.True(events >= 6, $"{events} events");
        Assert.Equal(events, await Count("SELECT count(*) FROM tags WHERE persistence_id = 'secret-/secrets/tagged' AND tag = 'secret'"));
        Assert.Equal(0, await Count("SELECT count(*) FROM tags WHERE persistence_id = 'secret-/secrets/tagged' AND tag <> 'secret'"));
    }

    [Fact]
    public async Task Recoveries_and_history_reads_answer_while_a_writer_holds_the_journal()
    {
        var path = P("/secrets/read-while-writing");
        await using var writer = await WrittenAndRotated(path.Value, RotationStrategy.Immediate);
        await using (var begin = writer.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        // A query through the read journal: the secret's events in order.
        var history = await Ask<SecretHistory>(new GetHistory(path));
        Assert.Contains(history.Events, e => e.Type == "RotationCompleted");
        // A recovery: a path never written starts an entity that replays its (empty) journal before it answers.
        Assert.False((await Ask<SecretStatus>(new GetStatus(P("/secrets/never-written")))).Exists);
        // A recovery with events: the node restarts and the secret replays them.
        await Node.StopAsync();
        await Node.StartAsync();
        Kit = new Akka.TestKit.Xunit2.TestKit(Node.System);
        var status = await Ask<SecretStatus>(new GetStatus(path));
        Assert.Equal(2, status.CurrentVersion);

        await using var rollback = writer.CreateCommand();
        rollback.CommandText = "ROLLBACK;";
        await rollback.ExecuteNonQueryAsync();
    }
}
