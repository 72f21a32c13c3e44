using System.Text.Json.Nodes;
using HarombeActors.Actors.Tests.Support;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using Microsoft.Data.Sqlite;

namespace HarombeActors.Actors.Tests;

/// <summary>A journal altered behind the system's back: a value that no longer opens is a clear answer, never a crashed actor.</summary>
public class TamperedDataTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    [Theory]
    [InlineData("ciphertext", false)]
    [InlineData("nonce", true)]
    [InlineData("tag", true)]
    public async Task A_tampered_sealed_value_gives_a_clear_error_and_the_secret_keeps_answering(string field, bool shorten)
    {
        var path = P($"/tamper/{field}");
        await Put(path, "tamper-value-1");
        await Node.StopAsync();

        // Flip one byte of the sealed value in the SecretWritten event, as an attacker with file access might.
        using (var db = new SqliteConnection($"Data Source={Path.Combine(Node.DataDir, "journal.db")};Pooling=False"))
        {
            db.Open();
            using var read = db.CreateCommand();
            read.CommandText = "SELECT ordering, message FROM journal WHERE persistence_id = $id AND sequence_number = 1";
            read.Parameters.AddWithValue("$id", Secrets.SecretActor.PersistenceIdOf(path));
            long ordering;
            JsonNode payload;
            using (var reader = read.ExecuteReader())
            {
                Assert.True(reader.Read());
                ordering = reader.GetInt64(0);
                payload = JsonNode.Parse((byte[])reader["message"])!;
            }
            // A flipped byte fails authentication; a shortened nonce or tag fails before it (a different exception).
            var bytes = Convert.FromBase64String(payload["version"]!["sealed"]![field]!.GetValue<string>());
            bytes[0] ^= 0x01;
            payload["version"]!["sealed"]![field] = Convert.ToBase64String(shorten ? bytes[..^1] : bytes);
            using var write = db.CreateCommand();
            write.CommandText = "UPDATE journal SET message = $m WHERE ordering = $o";
            write.Parameters.AddWithValue("$m", System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString()));
            write.Parameters.AddWithValue("$o", ordering);
            Assert.Equal(1, write.ExecuteNonQuery());
        }

        await Node.StartAsync();
        Kit = new Akka.TestKit.Xunit2.TestKit(Node.System);
        var refused = await Ask<CommandRejected>(new GetSecret(path, VersionSelector.Current, Reveal: true));
        Assert.Equal(RejectionCode.InvalidState, refused.Rejection.Code);
        Assert.Equal($"v1 of /tamper/{field} cannot be decrypted with the configured master key (a different key, or altered data)", refused.Rejection.Message);
        // The actor did not crash: it answers the next question, and a masked read (no decryption) still works.
        Assert.Equal(1, (await Ask<SecretStatus>(new GetStatus(path))).CurrentVersion);
        Assert.Null((await Ask<SecretRead>(new GetSecret(path, VersionSelector.Current))).Value);
        Assert.IsType<CommandRejected>(await Ask(new GetValidValues(path)));
    }
}
