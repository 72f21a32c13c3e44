using System.Text;
using HarombeActors.Actors.Tests.Support;
using HarombeActors.Client;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Generation;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;

namespace HarombeActors.Actors.Tests;

public class AtRestTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    [Fact]
    public async Task No_file_in_the_data_directory_holds_any_value_in_plaintext()
    {
        var values = new List<string>();
        string Marker(string tag)
        {
            var v = $"PLAINTEXT-{tag}-{Guid.NewGuid():N}";
            values.Add(v);
            return v;
        }

        var fingerprints = new List<string>();
        var paths = new List<Domain.Ids.SecretPath>();
        foreach (var strategy in Enum.GetValues<RotationStrategy>())
        {
            var path = P($"/scan/{strategy}");
            paths.Add(path);
            fingerprints.Add((await Put(path, Marker("written"))).Fingerprint);
            // Real consumers from the client library, a resource and a client, follow every change: dual-write and
            // blue-green arm the resource first and dual-write waits for the client, so those events are on disk too.
            Follow(path, "database", ConsumerRole.Resource);
            Follow(path, "api", ConsumerRole.Client);
            await Registered(path, 2);
            Assert.True((await Rotate(path, Policy(strategy), Marker("rotated"))).Success);
            Assert.True((await Rotate(path, Policy(strategy, "accepts_good"), "good" + Marker("verified"))).Success);
            await Rotate(path, Policy(strategy, "accepts_good"), Marker("refused")); // fails verification; the fake echoes it
            await Ask<RotationOutcome>(new RollbackSecret(path, Alice));
        }
        var events = new List<ISecretEvent>();
        foreach (var path in paths) events.AddRange(await Journal(path));
        var snapshotsBefore = new FileInfo(Path.Combine(Node.DataDir, "snapshots.db")).Length;
        await Node.StopAsync();

        var files = Directory.GetFiles(Node.DataDir, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("journal.db", StringComparison.Ordinal));
        var contents = files.ToDictionary(f => f, File.ReadAllBytes);
        // Positive controls: the scan reads the right bytes (fingerprints are stored in clear, snapshots exist), every
        // kind of event a value could slip into was written, and the base64 search finds base64 that is really there
        // (the ciphertexts are stored as base64).
        Assert.All(fingerprints, fp => Assert.Contains(contents, kv => PlaintextForms.Contains(kv.Value, Encoding.UTF8.GetBytes(fp))));
        Assert.True(snapshotsBefore > 0);
        // In WAL mode a snapshot may still sit in snapshots.db-wal (until a checkpoint moves it into snapshots.db).
        Assert.Contains(contents, kv => Path.GetFileName(kv.Key).StartsWith("snapshots.db", StringComparison.Ordinal) && PlaintextForms.Contains(kv.Value, "/scan/"u8.ToArray()));
        foreach (var kind in new[] { typeof(ResourcesArming), typeof(ResourcesArmed), typeof(DualModeEnabled), typeof(EnvironmentSwitched), typeof(ConsumerMigrated), typeof(VerificationFailed), typeof(RolledBack) })
            Assert.Contains(events, e => e.GetType() == kind);
        var ciphertext = events.OfType<SecretWritten>().First().Version.Sealed.Ciphertext;
        Assert.Contains(contents, kv => PlaintextForms.Base64(ciphertext).Any(form => PlaintextForms.Contains(kv.Value, form)));

        foreach (var value in values)
        {
            foreach (var form in PlaintextForms.Of(value))
            {
                foreach (var (file, bytes) in contents) Assert.False(PlaintextForms.Contains(bytes, form), $"{file} holds a value in plaintext");
            }
        }
    }

    private void Follow(Domain.Ids.SecretPath path, string id, ConsumerRole role) =>
        Node.System.ActorOf(SecretConsumerActor.Props(Node.Region, new SecretConsumerOptions(path, Domain.Ids.ConsumerId.Parse(id)) { Role = role }, new SecretCredentials()));

    [Fact]
    public async Task Bad_input_is_refused_with_the_field_and_rule_and_nothing_is_written()
    {
        var path = P("/secrets/bad");
        await Put(path, "v1");
        var before = (await Journal(path)).Count;

        async Task Refused(ISecretMessage command, string field)
        {
            var rejected = await Ask<CommandRejected>(command);
            Assert.Equal(RejectionCode.BadInput, rejected.Rejection.Code);
            Assert.Equal(field, rejected.Rejection.Field);
            Assert.StartsWith(field + ": ", rejected.Rejection.Message);
        }

        await Refused(new RotateSecret(path, Alice, new RotationPolicy { VerificationTests = ["no_such_test"] }), "policy.verificationTests");
        await Refused(new RotateSecret(path, Alice, new RotationPolicy { MaxRetries = 11 }), "policy.maxRetries");
        await Refused(new RotateSecret(path, Alice, new RotationPolicy { MigrationTimeout = TimeSpan.FromDays(400) }), "policy.migrationTimeout");
        await Refused(new RotateSecret(path, Alice, new RotationPolicy { StaleAfter = TimeSpan.FromMilliseconds(-5) }), "policy.staleAfter");
        // An undefined strategy cannot even cross the wire (enums travel as names; see SerializerTests); the decider's
        // own refusal of one is a Domain test.
        await Refused(new RotateSecret(path, Alice, Generator: new GeneratorSpec(GeneratorKind.Random, 8)), "generator.length");
        await Refused(new RotateSecret(path, Alice, NewValue: SecretValue.Create("v1")), "value");
        await Refused(new SetPolicy(path, new RotationPolicy { IntervalDays = -1 }, Alice), "policy.intervalDays");
        await Refused(new WriteSecret(path, SecretValue.Create("v1"), Alice), "value");

        Assert.Equal(before, (await Journal(path)).Count);
    }
}
