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
    [Fact]
    public async Task Every_secret_event_is_tagged_once_in_the_journal()
    {
        var path = P("/secrets/tagged");
        await Put(path, "first-value");
        await Rotate(path, new RotationPolicy { Strategy = RotationStrategy.BlueGreen, RequireVerification = false }, "second-value");

        await using var reader = new SqliteConnection($"Data Source={Path.Combine(Node.DataDir, "journal.db")};Pooling=False");
        await reader.OpenAsync();
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
        await Put(path, "first-value");
        await Rotate(path, new RotationPolicy { Strategy = RotationStrategy.Immediate, RequireVerification = false }, "second-value");

        await using var writer = new SqliteConnection($"Data Source={Path.Combine(Node.DataDir, "journal.db")};Pooling=False");
        await writer.OpenAsync();
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
