using System.Text.Json.Nodes;
using Akka.TestKit.Xunit2;
using HarombeActors.Contracts.Messages;
using HarombeActors.Contracts.Serialization;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;

namespace HarombeActors.Actors.Tests;

/// <summary>
/// The persisted format, pinned: one file per persisted manifest (every event, the snapshot, and the health probe and
/// key check records) under Golden/, written once from the samples below. Each must still decode, keep every field it
/// holds when decoded and written again (a renamed or dropped field would vanish, or fail the strict serializer), and
/// be exactly what today's code writes for its sample (the newest file of a manifest). The journal is forever: change
/// the format only by adding optional fields (which changes the sample's encoding: then a new golden file M.N.json
/// goes beside the old ones, which are never edited and must still decode, with the new fields null) or a new
/// manifest. HAROMBE_WRITE_GOLDEN=1 writes a missing file, or the next M.N.json when the sample's encoding changed.
/// </summary>
public class GoldenFileTests() : TestKit(Akka.Configuration.ConfigurationFactory.ParseString(HarombeHocon.Text.Replace("provider = cluster", "provider = local")))
{
    private static readonly SecretPath Path = SecretPath.Parse("/secrets/golden");
    private static readonly DateTimeOffset At = new(2026, 11, 28, 1, 2, 3, 456, TimeSpan.Zero);
    private static readonly RotationId Rid = new("rot-0123456789ab");
    private static readonly Principal By = new("alice");
    // Fixed bytes (a real seal draws a random nonce), so the file is the same every time it is written.
    private static readonly SealedValue Sealed = new([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0xAA, 0xBB, 0xCC], [16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    private static readonly SecretVersion Version = new(1, "abcd1234", Sealed, At);
    private static readonly RotationPolicy Policy = new()
    {
        Name = "nightly", IntervalDays = 7, Strategy = RotationStrategy.BlueGreen, RequireVerification = false, VerificationTests = ["t", "u"],
        AutoRollback = false, MaxRetries = 7, MigrationTimeout = TimeSpan.FromSeconds(42), CheckInterval = TimeSpan.FromSeconds(3),
        OnMigrationTimeout = MigrationTimeoutAction.Hold, StaleAfter = TimeSpan.FromSeconds(12),
        Schedule = new HarombeActors.Domain.Schedules.RotationSchedule
        {
            Expression = "0 3 * * *", Window = "02:00-04:00", TimeZone = "Europe/Berlin", Jitter = TimeSpan.FromMinutes(30),
            Retry = new() { InitialDelay = TimeSpan.FromMinutes(2), MaxDelay = TimeSpan.FromMinutes(20), AttemptsPerCycle = 4, Cycles = 2 },
        },
        EmergencyStrategy = RotationStrategy.Staged, SecurityCooldown = TimeSpan.FromMinutes(40),
    };
    private static readonly HarombeActors.Domain.Targets.TargetBinding Binding = new("pg", HarombeActors.Domain.Targets.TargetKind.Postgres, "app");
    private static readonly CheckOutcome Check = new("t", false, "no", 1.5);
    private static readonly RotationResult Result = new("rot-0123456789ab", false, "/secrets/golden", RotationStrategy.DualWrite, RotationStatus.RolledBack, 1, 2,
        At, At.AddSeconds(1), 1000.5, false, true, "err", 1, 2);

    /// <summary>One sample of every persisted type.</summary>
    public static IReadOnlyList<object> Persisted() =>
    [
        new SecretWritten(Path, Version, By, At, "req-41"),
        new PolicySet(Path, Policy, By, At),
        new RotationStarted(Path, Rid, RotationStrategy.Staged, Policy, "manual", By, 1, At, "req-42"),
        new StagedWritten(Path, Rid, Version with { Number = 2 }, At),
        new TargetEnvironmentWritten(Path, Rid, DeploymentSlot.Green, 2, At),
        new VerificationStarted(Path, Rid, 1, ["t"], At),
        new Verified(Path, Rid, 1, [Check with { Success = true }], At),
        new VerificationFailed(Path, Rid, 2, [Check], true, At),
        new ResourcesArming(Path, Rid, 2, ["db"], At),
        new ResourcesArmed(Path, Rid, 2, At),
        new DualModeEnabled(Path, Rid, 1, 2, At),
        new MigrationTimedOut(Path, Rid, MigrationTimeoutAction.Hold, ["svc"], At),
        new Promoted(Path, Rid, 2, 1, By, At),
        new EnvironmentSwitched(Path, Rid, DeploymentSlot.Blue, DeploymentSlot.Green, 2, 1, At),
        new RolledBack(Path, Rid, 2, 1, null, DeploymentSlot.Blue, "why", By, At),
        new VersionRetired(Path, 2, "no live client uses it any more", At),
        new RotationCompleted(Path, Rid, Result with { Success = true, Status = RotationStatus.Success, Error = null }, At),
        new RotationFailed(Path, Rid, Result, At),
        new ConsumerRegistered(Path, ConsumerId.Parse("svc"), 1, At, ConsumerRole.Resource, "app-token"),
        new ConsumerMigrated(Path, ConsumerId.Parse("svc"), 1, 2, At),
        new ConsumerExpired(Path, ConsumerId.Parse("svc"), 1, "stale for longer than the retention (1.00:00:00)", At),
        new ConsumerRemoved(Path, ConsumerId.Parse("svc"), 2, By, At),
        new CredentialBound(Path, Binding, By, At),
        new TargetArming(Path, Rid, 2, "app_b", At),
        new TargetArmed(Path, Rid, 2, "app_b", true, 12.5, At),
        new TargetRetired(Path, 1, "app_a", "no longer valid", At),
        new RotationScheduled(Path, At.AddDays(1), 2, 1, "attempt 1 of 3 (cycle 1 of 3) failed: err", At),
        new ScheduleStopped(Path, "the policy has no schedule any more", At),
        new AttentionNeeded(Path, "9 scheduled attempts failed (3 cycles of 3)", "err", At),
        new AttentionCleared(Path, By, "resumed by alice", At),
        new EmergencyDeclared(Path, By, "key posted in a public repo", "emergency", Rid, At),
        new RequestRecorded(Path, "req-43", "rollback", Result, At),
        new SecurityEventReceived(Path, By, new HarombeActors.Domain.Emergency.SecurityEvent("failed_auth_spike", HarombeActors.Domain.Emergency.ThreatLevel.High, "spike", 12, 3, "10.0.0.1"), true, "12 failed logins (threshold 10)", At),
        SecretState.Empty(Path).Apply(new CredentialBound(Path, Binding, By, At)).Apply(new SecretWritten(Path, Version, By, At))
            .Apply(new TargetArmed(Path, null, 1, "app_a", false, 3, At)).Apply(new PolicySet(Path, Policy, By, At))
            .Apply(new RotationStarted(Path, Rid, RotationStrategy.Staged, Policy, "manual", By, 1, At, "req-42"))
            .Apply(new StagedWritten(Path, Rid, Version with { Number = 2 }, At))
            .Apply(new ConsumerRegistered(Path, ConsumerId.Parse("svc"), 1, At, ConsumerRole.Resource, "app-token"))
            .Apply(new AttentionNeeded(Path, "gave up", "err", At)).Apply(new RotationScheduled(Path, At.AddDays(1), 2, 1, "retry", At))
            .Apply(new SecurityEventReceived(Path, By, new HarombeActors.Domain.Emergency.SecurityEvent("manual_trigger", HarombeActors.Domain.Emergency.ThreatLevel.Low), true, "manual", At))
            .Apply(new EmergencyDeclared(Path, By, "leaked", "emergency", null, At))
            .Apply(new RequestRecorded(Path, "req-44", "cancel", Result, At)),
        new JournalProbeWritten("0123456789abcdef", At),
        new MasterKeyChecked("0123456789abcdef0123456789abcdef", At),
        HarombeActors.Domain.Projections.SecretCatalog.Empty
            .Apply(new SecretWritten(Path, Version, By, At), 3).Apply(new PolicySet(Path, Policy, By, At), 4)
            .Apply(new RotationStarted(Path, Rid, RotationStrategy.Staged, Policy, "manual", By, 1, At), 5).Apply(new RotationFailed(Path, Rid, Result, At), 6)
            .Apply(new RolledBack(Path, null, 2, 1, 2, null, "why", By, At), 7).Apply(new RotationScheduled(Path, At.AddDays(1), 1, 1, "after", At), 8)
            .Apply(new AttentionNeeded(Path, "gave up", "err", At), 9).Apply(new CredentialBound(Path, Binding, By, At), 10),
        .. Support.WebhookSamples.Persisted(),
    ];

    private static bool IsPersisted(Type type) => type == typeof(HarombeActors.Domain.Projections.SecretCatalog) ||
        typeof(HarombeActors.Domain.Webhooks.IWebhookEvent).IsAssignableFrom(type) || type == typeof(HarombeActors.Domain.Webhooks.WebhookRegistryState) ||
        typeof(ISecretEvent).IsAssignableFrom(type) || type == typeof(SecretState) || type == typeof(JournalProbeWritten) || type == typeof(MasterKeyChecked);

    private static string Folder([System.Runtime.CompilerServices.CallerFilePath] string here = "") => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(here)!, "Golden");

    private HarombeSerializer Serializer => (HarombeSerializer)Sys.Serialization.FindSerializerForType(typeof(ISecretEvent));

    [Fact]
    public void Every_persisted_manifest_has_a_sample_and_a_golden_file()
    {
        var persisted = Manifests.ByType.Where(kv => IsPersisted(kv.Key)).Select(kv => kv.Value).Order().ToList();
        Assert.Equal(persisted, Persisted().Select(s => Serializer.Manifest(s)).Order());
        if (Environment.GetEnvironmentVariable("HAROMBE_WRITE_GOLDEN") == "1")
        {
            foreach (var sample in Persisted())
            {
                // Never overwritten: an existing golden file is what old journals hold.
                var manifest = Serializer.Manifest(sample);
                var encoded = Serializer.ToBinary(sample);
                var latest = Latest(manifest);
                if (latest is null) File.WriteAllBytes(System.IO.Path.Combine(Folder(), manifest + ".json"), encoded);
                else if (!JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllBytes(FileOf(latest))), JsonNode.Parse(encoded)))
                    File.WriteAllBytes(FileOf($"{manifest}.{Revision(latest) + 1}"), encoded);
            }
        }
        foreach (var manifest in persisted) Assert.True(Latest(manifest) is not null, $"Golden/{manifest}.json is missing (HAROMBE_WRITE_GOLDEN=1 writes it)");
    }

    private static string FileOf(string name) => System.IO.Path.Combine(Folder(), name + ".json");

    private static string ManifestOf(string name) => name.Split('.')[0];

    private static int Revision(string name) => name.Contains('.', StringComparison.Ordinal) ? int.Parse(name.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture) : 1;

    /// <summary>The newest golden file of a manifest (M.json, then M.2.json, ...), or null.</summary>
    private static string? Latest(string manifest) => Names().Where(n => ManifestOf(n) == manifest).MaxBy(Revision);

    private static IEnumerable<string> Names() => Directory.GetFiles(Folder(), "*.json").Select(f => System.IO.Path.GetFileNameWithoutExtension(f)!).Order();

    /// <summary>Whether <paramref name="written"/> keeps every field of <paramref name="golden"/>, with anything it adds null (a newer optional field).</summary>
    private static bool Keeps(JsonNode? golden, JsonNode? written)
    {
        if (golden is JsonObject g && written is JsonObject w)
            return g.All(p => w.ContainsKey(p.Key) && Keeps(p.Value, w[p.Key])) && w.Where(p => !g.ContainsKey(p.Key)).All(p => p.Value is null);
        if (golden is JsonArray ga && written is JsonArray wa)
            return ga.Count == wa.Count && ga.Zip(wa).All(pair => Keeps(pair.Item1, pair.Item2));
        return JsonNode.DeepEquals(golden, written);
    }

    public static TheoryData<string> Files() => [.. Names()];

    [Theory]
    [MemberData(nameof(Files))]
    public void A_golden_file_decodes_keeping_every_field_and_is_what_todays_code_writes(string name)
    {
        var manifest = ManifestOf(name);
        var golden = File.ReadAllBytes(FileOf(name));
        var decoded = Serializer.FromBinary(golden, manifest);
        Assert.Equal(manifest, Serializer.Manifest(decoded));
        Assert.True(Keeps(JsonNode.Parse(golden), JsonNode.Parse(Serializer.ToBinary(decoded))),
            $"{manifest}: decoding and writing again lost or changed a field:\n{System.Text.Encoding.UTF8.GetString(golden)}\n{System.Text.Encoding.UTF8.GetString(Serializer.ToBinary(decoded))}");
        if (Latest(manifest) != name) return; // an older format: decoding it is what counts
        var sample = Persisted().Single(s => Serializer.Manifest(s) == manifest);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(golden), JsonNode.Parse(Serializer.ToBinary(sample))),
            $"{manifest}: today's code writes the sample differently from the golden file (add a new file for a new format; never edit one)");
    }
}
