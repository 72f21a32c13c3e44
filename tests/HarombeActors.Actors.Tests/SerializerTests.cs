using Akka.Actor;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using HarombeActors.Actors.Tests.Support;
using HarombeActors.Contracts.Messages;
using HarombeActors.Contracts.Serialization;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Generation;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.Security;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;

namespace HarombeActors.Actors.Tests;

/// <summary>A round trip for every type with a manifest, under the same bindings as the host (akka.hocon).</summary>
public class SerializerTests() : TestKit(Akka.Configuration.ConfigurationFactory.ParseString(Hocon()))
{
    private static string Hocon() => HarombeHocon.Text.Replace("provider = cluster", "provider = local");

    private static readonly SecretPath Path = SecretPath.Parse("/secrets/x");
    private static readonly DateTimeOffset At = new(2026, 11, 28, 1, 2, 3, TimeSpan.Zero);
    private static readonly RotationId Rid = new("rot-123");
    private static readonly Principal By = new("alice");
    private static readonly SealedValue Sealed = new AesGcmSecretCipher(new byte[32]).Seal(Path, 1, SecretValue.Create("x"));
    private static readonly SecretVersion Version = new(1, "abcd1234", Sealed, At);
    // Every field away from its default, so a field that does not survive the trip cannot come back equal by luck.
    private static readonly RotationPolicy Policy = new()
    {
        Name = "nightly", IntervalDays = 7, Strategy = RotationStrategy.BlueGreen, RequireVerification = false, VerificationTests = ["t", "u"],
        AutoRollback = false, MaxRetries = 7, MigrationTimeout = TimeSpan.FromSeconds(42), CheckInterval = TimeSpan.FromSeconds(3),
        OnMigrationTimeout = MigrationTimeoutAction.Hold, StaleAfter = TimeSpan.FromSeconds(12),
        Schedule = new HarombeActors.Domain.Schedules.RotationSchedule { Expression = "rate(7 days)", Window = "01:00-02:00", Jitter = TimeSpan.FromMinutes(5) },
        EmergencyStrategy = RotationStrategy.BlueGreen, SecurityCooldown = TimeSpan.FromHours(2),
    };
    private static readonly CheckOutcome Check = new("t", false, "no", 1.5);
    private static readonly RotationResult Result = new("rot-123", false, "/secrets/x", RotationStrategy.DualWrite, RotationStatus.RolledBack, 1, 2, At, At.AddSeconds(1), 1000.5, false, true, "err", 1, 2);

    private object[] Samples() =>
    [
        new SecretWritten(Path, Version, By, At),
        new PolicySet(Path, Policy, By, At),
        new RotationStarted(Path, Rid, RotationStrategy.Staged, Policy, "manual", By, 1, At),
        new StagedWritten(Path, Rid, Version, At),
        new TargetEnvironmentWritten(Path, Rid, DeploymentSlot.Green, 2, At),
        new VerificationStarted(Path, Rid, 1, ["t"], At),
        new Verified(Path, Rid, 1, [Check], At),
        new VerificationFailed(Path, Rid, 2, [Check], true, At),
        new ResourcesArming(Path, Rid, 2, ["db"], At),
        new ResourcesArmed(Path, Rid, 2, At),
        new DualModeEnabled(Path, Rid, 1, 2, At),
        new MigrationTimedOut(Path, Rid, MigrationTimeoutAction.Hold, ["svc"], At),
        new Promoted(Path, Rid, 2, 1, By, At),
        new EnvironmentSwitched(Path, Rid, DeploymentSlot.Blue, DeploymentSlot.Green, 2, 1, At),
        new RolledBack(Path, Rid, 2, 1, null, DeploymentSlot.Blue, "why", By, At),
        new VersionRetired(Path, 2, "no live client uses it any more", At),
        new RotationCompleted(Path, Rid, Result, At),
        new RotationFailed(Path, Rid, Result, At),
        new ConsumerRegistered(Path, ConsumerId.Parse("svc"), 1, At, ConsumerRole.Resource),
        new ConsumerMigrated(Path, ConsumerId.Parse("svc"), 1, 2, At),
        new ConsumerExpired(Path, ConsumerId.Parse("svc"), 1, "stale for longer than the retention", At),
        new ConsumerRemoved(Path, ConsumerId.Parse("svc"), 2, By, At),
        new CredentialBound(Path, new HarombeActors.Domain.Targets.TargetBinding("pg", HarombeActors.Domain.Targets.TargetKind.Postgres, "app"), By, At),
        new TargetArming(Path, Rid, 2, "app_b", At),
        new TargetArmed(Path, null, 1, "app_a", false, 3.5, At),
        new TargetRetired(Path, 1, "app_a", "nothing may use v1 any more", At),
        new RotationScheduled(Path, At.AddHours(1), 1, 1, "schedule set", At),
        new ScheduleStopped(Path, "the policy has no schedule any more", At),
        new AttentionNeeded(Path, "3 scheduled attempts failed (1 cycle of 3)", "err", At),
        new AttentionCleared(Path, By, "a manual rotation succeeded", At),
        new EmergencyDeclared(Path, By, "key posted in a public repo", "emergency", Rid, At),
        new RequestRecorded(Path, "req-43", "rollback", Result, At),
        new SecurityEventReceived(Path, By, new HarombeActors.Domain.Emergency.SecurityEvent("failed_auth_spike", HarombeActors.Domain.Emergency.ThreatLevel.High, "spike", 12, 3, "10.0.0.1"), true, "12 failed logins (threshold 10)", At),
        SecretState.Empty(Path).Apply(new CredentialBound(Path, new HarombeActors.Domain.Targets.TargetBinding("pg", HarombeActors.Domain.Targets.TargetKind.Postgres, "app"), By, At))
            .Apply(new SecretWritten(Path, Version, By, At)).Apply(new TargetArmed(Path, null, 1, "app_a", false, 2, At)).Apply(new RotationStarted(Path, Rid, RotationStrategy.Staged, Policy, "manual", By, 1, At))
            .Apply(new ConsumerRegistered(Path, ConsumerId.Parse("svc"), 1, At)),
        new WriteSecret(Path, SecretValue.Create("in-transit"), By),
        new RotateSecret(Path, By, Policy, null, new GeneratorSpec(GeneratorKind.Hex, 40), "schedule", false),
        new RollbackSecret(Path, By, "r", "req-9"),
        new CancelRotation(Path, By),
        new PromoteRotation(Path, By),
        new SetPolicy(Path, null, By),
        new RemoveConsumer(Path, ConsumerId.Parse("svc"), By),
        new CreateManagedSecret(Path, "pg", "app", By, "req-7"),
        new ResumeSecret(Path, By),
        new EmergencyRotate(Path, By, "leaked"),
        new ReportSecurityEvent(Path, By, new HarombeActors.Domain.Emergency.SecurityEvent("leaked_credential", HarombeActors.Domain.Emergency.ThreatLevel.Critical, "d", 1, 2, "::1")),
        new GetSecret(Path, new VersionSelector(VersionSelectorKind.Number, 3), true),
        new GetStatus(Path),
        new GetHistory(Path),
        new VerifySecret(Path, ["t"]),
        new GetConsumers(Path),
        new CommandRejected("/secrets/x", Rejection.BadInput("path", "rule")),
        new SecretWriteAccepted(Path, 1, "abcd1234"),
        new PolicyAccepted(Path, Policy, At),
        new SecretResumed(Path, At),
        new EmergencyStarted(Path, "rot-1", RotationStrategy.Immediate, "rot-0", Result),
        new SecurityEventAssessed(Path, true, "critical severity always rotates", "rot-1"),
        new RotationAccepted(Path, "rot-1", RotationStrategy.DualWrite, RotationStatus.InProgress, "preparing"),
        new RotationOutcome(Result),
        new SecretRead(Path, "current", 1, "abcd1234", At, SecretValue.Create("revealed")),
        new SecretStatus(Path, true, 1, 2, null, "blue", 1, null, true, [1, 2], 2, new RotationInfo("rot-1", RotationStrategy.DualWrite, "holding", RotationStatus.Pending, At, 1, 2),
            new ConsumerCounts(3, 1, 1), Policy, false, Result, [new VersionInfo(1, "abcd1234", At, ["current", "blue"])]),
        new SecretHistory(Path, [new HistoryEntry(1, "SecretWritten", At, "s")]),
        new ConsumerList(Path, 2, [new ConsumerInfo("svc", 1, At, MigrationStatus.Stale, ConsumerRole.Resource)]),
        new Heartbeat(Path, "svc", 1, At, TestActor, ConsumerRole.Resource),
        new HeartbeatRejected(Path, "svc", Rejection.BadInput("version", "no")),
        new RotationNotice(Path, NoticeKind.DualModeStarted, "rot-1", 1, [1, 2], 2),
        new Heartbeat(Path, "svc", 2, At, null, ConsumerRole.Client, Ack: true),
        new HeartbeatAccepted(Path, 2, [1, 2], 2),
        new WatchConsumer(Path, "svc", ConsumerRole.Resource, TestActor),
        new WatchRotation(Path, Rid, TestActor),
        new GetValidValues(Path),
        new ValidValues(Path, 1, 2, [new ValidValue(1, "abcd1234", SecretValue.Create("revealed-1")), new ValidValue(2, "bcde2345", SecretValue.Create("revealed-2"))]),
        new VerificationReport(Path, 3, [new CheckOutcome("backend:pg", true, "logged in as app_b", 4.5)]),
        new RotationProgress("rot-1", "waiting-for-consumers", 1, 3, 1),
        new ConsumerRemovalAccepted(Path, "svc", 4),
        new Heartbeat(Path, "svc", 2, At, null, ConsumerRole.Client, Ack: true, Registrant: "payments"),
        new WatchConsumer(Path, "svc", ConsumerRole.Client, TestActor, "payments"),
        new JournalProbeWritten("nonce", At),
        new MasterKeyChecked("0123456789abcdef0123456789abcdef", At),
        HarombeActors.Domain.Projections.SecretCatalog.Empty
            .Apply(new SecretWritten(Path, Version, By, At), 3).Apply(new PolicySet(Path, Policy, By, At), 4)
            .Apply(new RotationStarted(Path, Rid, RotationStrategy.Staged, Policy, "manual", By, 1, At), 5).Apply(new RotationFailed(Path, Rid, Result, At), 6)
            .Apply(new RolledBack(Path, null, 2, 1, 2, null, "why", By, At), 7).Apply(new RotationScheduled(Path, At.AddDays(1), 1, 1, "after", At), 8)
            .Apply(new AttentionNeeded(Path, "gave up", "err", At), 9).Apply(new CredentialBound(Path, new HarombeActors.Domain.Targets.TargetBinding("pg", HarombeActors.Domain.Targets.TargetKind.Postgres, "app"), By, At), 10),
        new SecretNotice("rotation.completed", Path, At, "rot-1", "alice", "manual", "ok", 1, 2, "success", "abcd1234"),
        new ListCatalog("/secrets/", true),
        new CatalogPage([new HarombeActors.Domain.Projections.SecretSummary("/secrets/x", 2, RotationStrategy.DualWrite, "rot-2", RotationStrategy.Immediate, "rot-1",
            RotationStatus.Failed, At, At.AddDays(1), true, "pg")]),
        GetCatalogStats.Instance,
        new CatalogStats(3, 4, 5, 6, 1, 99),
        .. Support.WebhookSamples.Persisted(),
        new AddWebhook(new HarombeActors.Domain.Webhooks.WebhookRequest("https://hooks.example.com/h", ["rotation.failed"], "/secrets"), By),
        new WebhookCreated(View, "whsec_sample"),
        ListWebhooks.Instance,
        new WebhookList([View]),
        new RemoveWebhook(Support.WebhookSamples.Id, By),
        new WebhookRemovedReply(View),
        new ListDeliveries(Support.WebhookSamples.Id, 10),
        new DeliveryList(Support.WebhookSamples.Id, [Support.WebhookSamples.Record], [Support.WebhookSamples.Record]),
        new WebhookRejected(HarombeActors.Domain.Decisions.Rejection.BadInput("url", "must be https")),
    ];

    private static readonly WebhookView View = new(Support.WebhookSamples.Id, "https://hooks.example.com/h", ["rotation.failed"], "/secrets", "alice", At, 3, 1, 2);

    [Fact]
    public void Every_manifest_type_has_a_sample_and_round_trips_through_the_bound_serializer()
    {
        var samples = Samples();
        Assert.Equal(Manifests.ByType.Keys.OrderBy(t => t.Name), samples.Select(s => s.GetType()).Distinct().OrderBy(t => t.Name));
        var serialization = Sys.Serialization;
        foreach (var sample in samples)
        {
            var serializer = Assert.IsType<HarombeSerializer>(serialization.FindSerializerFor(sample));
            var manifest = serializer.Manifest(sample);
            Assert.True(manifest.Length <= 4, $"{manifest} is not short");
            var bytes = serializer.ToBinary(sample);
            var copy = serializer.FromBinary(bytes, manifest);
            using var written = System.Text.Json.JsonDocument.Parse(bytes);
            RoundTripAssert.Equivalent(sample, copy, written.RootElement);
        }
    }

    [Fact]
    public void The_policy_sample_sets_every_field_away_from_its_default()
    {
        foreach (var property in typeof(RotationPolicy).GetProperties().Where(p => p.CanWrite))
            Assert.False(Equals(Format(property.GetValue(Policy)), Format(property.GetValue(RotationPolicy.Default))), property.Name);
        return;

        static object? Format(object? value) => value is IEnumerable<string> list ? string.Join(",", list) : value;
    }

    [Fact]
    public void Commands_carry_values_in_transit_but_events_only_sealed()
    {
        var serializer = (HarombeSerializer)Sys.Serialization.FindSerializerForType(typeof(ISecretEvent));
        Assert.Contains("in-transit", System.Text.Encoding.UTF8.GetString(serializer.ToBinary(new WriteSecret(Path, SecretValue.Create("in-transit"), By))));
        Assert.DoesNotContain("\"x\"", System.Text.Encoding.UTF8.GetString(serializer.ToBinary(new SecretWritten(Path, Version, By, At))));
    }

    [Fact]
    public void A_plaintext_value_is_refused_inside_an_event_and_carried_inside_a_command()
    {
        var options = HarombeSerializer.CreateOptions(null);
        var refused = Assert.Throws<InvalidOperationException>(() => HarombeSerializer.Serialize(new LeakyEventFake(Path, SecretValue.Create("leaked-value"), At), options));
        Assert.Contains("never be persisted", refused.Message);
        // The guard is reset after the refusal: a command in transit still carries its value.
        Assert.Contains("in-transit", System.Text.Encoding.UTF8.GetString(HarombeSerializer.Serialize(new WriteSecret(Path, SecretValue.Create("in-transit"), By), options)));
    }

    [Fact]
    public void No_event_or_snapshot_type_can_hold_a_plaintext_value()
    {
        var persisted = typeof(ISecretEvent).Assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && typeof(ISecretEvent).IsAssignableFrom(t)).Append(typeof(SecretState)).ToList();
        Assert.Contains(typeof(SecretWritten), persisted);
        foreach (var type in persisted) Assert.Null(PlaintextReachableFrom(type, [], type.Name));
    }

    /// <summary>The property path by which a value of <paramref name="type"/> could hold a SecretValue (or anything: object), else null.</summary>
    private static string? PlaintextReachableFrom(Type type, HashSet<Type> seen, string at)
    {
        if (type == typeof(SecretValue) || type == typeof(object)) return at;
        if (type.IsPrimitive || type == typeof(string) || !seen.Add(type)) return null;
        var inner = type.IsArray ? [type.GetElementType()!] : type.GetGenericArguments();
        return inner.Select(t => PlaintextReachableFrom(t, seen, at + "<>")).FirstOrDefault(p => p is not null)
               ?? type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
                   .Where(p => p.DeclaringType?.Namespace?.StartsWith("HarombeActors", StringComparison.Ordinal) == true)
                   .Select(p => PlaintextReachableFrom(p.PropertyType, seen, $"{at}.{p.Name}"))
                   .FirstOrDefault(p => p is not null);
    }

    [Fact]
    public void Enums_travel_as_names_and_a_number_or_an_undefined_value_is_refused()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(ISecretEvent));
        var good = System.Text.Encoding.UTF8.GetString(serializer.ToBinary(new SetPolicy(Path, Policy, By)));
        Assert.Contains("\"strategy\":\"BlueGreen\"", good);
        var numeric = good.Replace("\"strategy\":\"BlueGreen\"", "\"strategy\":9", StringComparison.Ordinal);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(numeric), "C-SP"));
        var undefined = good.Replace("\"strategy\":\"BlueGreen\"", "\"strategy\":\"Sideways\"", StringComparison.Ordinal);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(undefined), "C-SP"));
    }

    [Fact]
    public void Unknown_manifests_are_refused()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(ISecretEvent));
        Assert.Contains("'nope'", Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "nope")).Message);
    }

    [Fact]
    public void The_serializer_identifier_is_stable() => Assert.Equal(571, HarombeSerializer.SerializerId);

    /// <summary>A fake event that breaks the rule no real event may break: it carries a plaintext value.</summary>
    private sealed record LeakyEventFake(SecretPath Path, SecretValue Value, DateTimeOffset At) : ISecretEvent;
}
