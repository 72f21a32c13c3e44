using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using CsCheck;
using HarombeActors.Actors.Tests.Support;
using HarombeActors.Contracts.Messages;
using HarombeActors.Contracts.Serialization;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Generation;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;
using Microsoft.Data.Sqlite;

namespace HarombeActors.Actors.Tests;

/// <summary>
/// Property: whatever arrives on the wire for any message a secret takes, mangled at any field (null, wrong type,
/// huge, negative, missing, traversal strings), is either refused by the serializer or answered by the secret with a
/// clear rejection that writes nothing; no secret actor ever fails (an actor exception is logged as an Error event).
/// </summary>
public class MalformedPayloadTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    private static readonly SecretPath Path = SecretPath.Parse("/fuzz/db");
    private static readonly Principal By = new("fuzzer");

    /// <summary>Mangled values, and "drop the field".</summary>
    private static readonly JsonNode?[] Replacements =
    [
        null, JsonValue.Create(""), JsonValue.Create(-1), JsonValue.Create(0), JsonValue.Create(2_147_483_648L), JsonValue.Create(true),
        new JsonObject(), new JsonArray(), JsonValue.Create("../../etc/passwd"), JsonValue.Create("%2e%2e/secret"), JsonValue.Create(new string('x', 70_000)),
        JsonValue.Create("\u0000\uFFFF"), JsonValue.Create(1e308), JsonValue.Create("not-a-date"), JsonValue.Create("Resource"), JsonValue.Create(99),
    ];
    private const int Drop = -1;

    private object[] Seeds(IActorRef probe) =>
    [
        new WriteSecret(Path, SecretValue.Create("fuzz-value-2"), By),
        new RotateSecret(Path, By, new RotationPolicy { Strategy = RotationStrategy.Staged, RequireVerification = false }, null, new GeneratorSpec(GeneratorKind.Hex, 20), "manual", true),
        new RollbackSecret(Path, By, "why"),
        new CancelRotation(Path, By),
        new PromoteRotation(Path, By),
        new SetPolicy(Path, new RotationPolicy { Strategy = RotationStrategy.DualWrite }, By),
        new GetSecret(Path, new VersionSelector(VersionSelectorKind.Number, 1), true),
        new GetStatus(Path),
        new GetHistory(Path),
        new GetConsumers(Path),
        new GetValidValues(Path),
        new Heartbeat(Path, "fuzz-consumer", 1, DateTimeOffset.UtcNow, null, ConsumerRole.Client, Ack: true),
        new Heartbeat(Path, "fuzz-consumer", 1, DateTimeOffset.UtcNow, null, ConsumerRole.Resource, Ack: true, Registrant: "fuzz-token"),
        new RemoveConsumer(Path, ConsumerId.Parse("fuzz-consumer"), By),
        new WatchConsumer(Path, "fuzz-consumer", ConsumerRole.Client, probe),
        new WatchRotation(Path, new RotationId("rot-fuzz"), probe),
    ];

    /// <summary>Events of one secret, read from the journal file itself.</summary>
    private long JournalRows(SecretPath path)
    {
        using var db = new SqliteConnection($"Data Source={System.IO.Path.Combine(Node.DataDir, "journal.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var count = db.CreateCommand();
        count.CommandText = "SELECT count(*) FROM journal WHERE persistence_id = $id";
        count.Parameters.AddWithValue("$id", Secrets.SecretActor.PersistenceIdOf(path));
        return (long)count.ExecuteScalar()!;
    }

    [Fact]
    public async Task Any_mangled_field_of_any_message_is_refused_or_answered_and_no_secret_fails()
    {
        await Put(Path, "fuzz-value-1");
        var errors = Kit.CreateTestProbe();
        Node.System.EventStream.Subscribe(errors.Ref, typeof(Error));
        var watcher = Kit.CreateTestProbe();
        var serializer = (HarombeSerializer)Node.System.Serialization.FindSerializerForType(typeof(ISecretMessage));
        var seeds = Seeds(watcher.Ref).Select(s => (Manifest: serializer.Manifest(s), Json: JsonNode.Parse(serializer.ToBinary(s))!)).ToArray();
        int refusedOnTheWire = 0, rejected = 0, answered = 0;

        var gen = Gen.Select(Gen.Int[0, seeds.Length - 1], Gen.Int[0, 10_000], Gen.Int[Drop, Replacements.Length - 1]);
        var cases = 0;
        await Check.SampleAsync(gen, async (seed, at, replacement) =>
        {
            // Each case on a secret of its own, so nothing else writes to the journal it checks.
            var casePath = SecretPath.Parse($"/fuzz/case-{Interlocked.Increment(ref cases)}");
            await Put(casePath, "fuzz-value-1");
            var (manifest, seedJson) = seeds[seed];
            var json = seedJson.DeepClone();
            json["path"] = casePath.Value;
            var mangled = Mangle(json, at, replacement);
            object message;
            try
            {
                message = serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(mangled.ToJsonString()), manifest);
            }
            catch (Exception)
            {
                // Refused by the serializer: remoting drops it before any actor sees it.
                Interlocked.Increment(ref refusedOnTheWire);
                return;
            }
            // A rotation that waits for its end may rightly wait minutes for consumers: ask for the start instead.
            if (message is RotateSecret rotate) message = rotate with { WaitForCompletion = false };
            var before = JournalRows(casePath);
            var expectsAnswer = message is ISecretCommand or ISecretQuery || message is Heartbeat { Ack: true };
            if (!expectsAnswer)
            {
                Node.Region.Tell(message);
                return;
            }
            var reply = await Node.Region.Ask<object>(message, TimeSpan.FromSeconds(10));
            if (reply is CommandRejected or HeartbeatRejected)
            {
                Interlocked.Increment(ref rejected);
                Assert.True(before == JournalRows(casePath), $"{manifest} {mangled.ToJsonString()[..Math.Min(300, mangled.ToJsonString().Length)]} was refused but wrote to the journal");
            }
            else
            {
                Interlocked.Increment(ref answered);
            }
        }, iter: 300, threads: 1);

        // Every way was taken, so the property was not satisfied by refusing everything at the wire.
        Assert.True(refusedOnTheWire > 0 && rejected > 0 && answered > 0, $"wire {refusedOnTheWire}, rejected {rejected}, answered {answered}");
        await Node.Region.Ask<SecretStatus>(new GetStatus(Path), AskTimeout);
        var failures = errors.ReceiveWhile(TimeSpan.FromMilliseconds(500), m => (Error)m).Where(e => e.LogSource.Contains("sharding", StringComparison.Ordinal)).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures.Select(f => $"{f.LogSource}: {f.Message} {f.Cause}")));
    }

    /// <summary>Replaces the value at the <paramref name="at"/>-th position (depth-first, wrapping) or drops it.</summary>
    private static JsonNode Mangle(JsonNode root, int at, int replacement)
    {
        var positions = new List<(JsonNode Parent, object Key)>();
        void Walk(JsonNode node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o.ToList())
                    {
                        positions.Add((o, key));
                        if (value is not null) Walk(value);
                    }
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        positions.Add((a, i));
                        if (a[i] is { } item) Walk(item);
                    }
                    break;
            }
        }
        Walk(root);
        if (positions.Count == 0) return root;
        var (parent, position) = positions[at % positions.Count];
        var value = replacement == Drop ? null : Replacements[replacement]?.DeepClone();
        switch (parent, position)
        {
            case (JsonObject o, string key) when replacement == Drop:
                o.Remove(key);
                break;
            case (JsonObject o, string key):
                o[key] = value;
                break;
            case (JsonArray a, int index) when replacement == Drop:
                a.RemoveAt(index);
                break;
            case (JsonArray a, int index):
                a[index] = value;
                break;
        }
        return root;
    }
}
