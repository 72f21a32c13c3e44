using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Emergency;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;

namespace HarombeActors.Domain.Tests;

/// <summary>Emergency rotation (pre-empting, never rolling back to the suspect value) and the security-event trigger rules with their cool-down.</summary>
public class EmergencyTests
{
    private static Decision Emergency(DomainHarness h, string reason = "key posted in a public repo") => h.Send(new EmergencyRotate(h.Path, DomainHarness.Operator, reason));

    private static Decision Report(DomainHarness h, SecurityEvent e) => h.Send(new ReportSecurityEvent(h.Path, DomainHarness.Operator, e));

    private static DomainHarness Stored(RotationPolicy policy)
    {
        var h = Scenario.Seeded("old-value", "svc");
        Assert.Null(h.Send(new SetPolicy(h.Path, policy, DomainHarness.Operator)).Rejection);
        return h;
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_emergency_needs_a_reason_and_writes_nothing_without_one(string reason)
    {
        var h = Scenario.Seeded();
        var before = h.Log.Count;
        Emergency(h, reason).AssertRejected(RejectionCode.BadInput, "reason: is required: say why (1 to 256 characters); it is recorded with who asked", "reason");
        Emergency(h, new string('r', 257)).AssertRejected(RejectionCode.BadInput, "reason: is required: say why (1 to 256 characters); it is recorded with who asked", "reason");
        Assert.Equal(before, h.Log.Count);
    }

    [Fact]
    public void An_emergency_rotates_at_once_with_the_immediate_strategy_and_records_who_and_why()
    {
        var h = Stored(Scenario.NoVerify with { Strategy = RotationStrategy.DualWrite });
        var d = Emergency(h);
        Assert.Equal(["EmergencyDeclared", "RotationStarted", "StagedWritten", "Promoted", "RotationCompleted"], d.Names());
        var declared = Assert.IsType<EmergencyDeclared>(d.Events[0]);
        Assert.Equal(("alice", "key posted in a public repo", "emergency"), (declared.By.Name, declared.Reason, declared.Trigger));
        var started = Assert.IsType<EmergencyStarted>(d.Reply);
        Assert.Equal(RotationStrategy.Immediate, started.Strategy);
        Assert.Equal(RotationStatus.Success, started.Result!.Status);
        Assert.Equal([2], h.State.ValidVersions); // the suspect v1 is no longer valid
    }

    [Fact]
    public void An_emergency_preempts_a_held_dual_write_and_leaves_only_the_new_value_valid()
    {
        var h = Stored(Scenario.NoVerify);
        h.Started(Scenario.Policy(RotationStrategy.DualWrite) with { OnMigrationTimeout = MigrationTimeoutAction.Hold });
        h.Deadline();
        Assert.Equal(RotationPhase.Holding, h.State.Rotation!.Phase);
        var held = h.State.Rotation.Id;

        var d = Emergency(h);
        Assert.Equal(held, Assert.IsType<EmergencyDeclared>(d.Events[0]).Preempted);
        var failed = Assert.IsType<RotationFailed>(d.Events.Single(e => e is RotationFailed));
        Assert.Equal(held, failed.RotationId);
        Assert.Contains("pre-empted by an emergency rotation", failed.Result.Error, StringComparison.Ordinal);
        Assert.Equal(held.Value, Assert.IsType<EmergencyStarted>(d.Reply).Preempted);
        Assert.Null(h.State.Rotation);
        Assert.Equal(3, h.State.Current);
        Assert.Equal([3], h.State.ValidVersions);
    }

    [Fact]
    public void An_emergency_uses_the_policys_emergency_strategy_and_never_rolls_back_to_the_suspect_value()
    {
        var h = Stored(Scenario.Policy(RotationStrategy.Staged, verify: true) with { EmergencyStrategy = RotationStrategy.Immediate, AutoRollback = true });
        Emergency(h);
        h.Verify(Scenario.Failing);
        Assert.Equal(RotationStatus.Failed, h.State.LastResult!.Status);
        Assert.Equal(2, h.State.Current); // the failed check is reported; the suspect value does not come back

        var staged = Stored(Scenario.NoVerify with { EmergencyStrategy = RotationStrategy.Staged });
        Assert.Equal(RotationStrategy.Staged, Assert.IsType<EmergencyStarted>(Emergency(staged).Reply).Strategy);
    }

    [Fact]
    public void An_emergency_of_a_missing_secret_is_not_found()
    {
        var h = new DomainHarness();
        Emergency(h).AssertRejected(RejectionCode.NotFound, "secret /secrets/db/password does not exist; write it first");
    }

    [Fact]
    public void Every_value_valid_when_an_emergency_is_declared_is_valid_nowhere_once_the_new_one_is_current()
    {
        var h = Stored(Scenario.NoVerify);
        h.Started(Scenario.Policy(RotationStrategy.BlueGreen));
        Assert.Equal([1, 2], h.State.ValidVersions); // blue-green keeps the idle slot valid until the next rotation
        Emergency(h);
        Assert.Equal([1, 2], h.State.Compromised);
        Assert.Equal([3], h.State.ValidVersions); // not the idle slot either
    }

    [Fact]
    public void An_emergency_never_rolls_back_or_holds_on_a_migration_timeout_whatever_the_stored_policy_says()
    {
        var h = Stored(Scenario.NoVerify with { EmergencyStrategy = RotationStrategy.DualWrite, OnMigrationTimeout = MigrationTimeoutAction.Rollback });
        Emergency(h);
        Assert.Equal(MigrationTimeoutAction.Promote, h.State.Rotation!.Policy.OnMigrationTimeout);
        Assert.False(h.State.Rotation.Policy.AutoRollback);
        h.Deadline(); // svc never moves
        Assert.Equal(2, h.State.Current);
        Assert.Equal(RotationStatus.Success, h.State.LastResult!.Status);
    }

    [Fact]
    public void Free_text_that_quotes_a_value_is_recorded_without_it()
    {
        var h = Scenario.Seeded("s3cr3t-password-1");
        Report(h, new SecurityEvent("leaked_credential", ThreatLevel.Critical, "found 's3cr3t-password-1' in a paste"));
        var received = h.Log.OfType<SecurityEventReceived>().Single();
        Assert.Equal("found '********' in a paste", received.Event.Description);
        Emergency(h, "it was s3cr3t-password-1 all along");
        Assert.All(h.Log.OfType<EmergencyDeclared>(), d => Assert.DoesNotContain("s3cr3t-password-1", d.Reason, StringComparison.Ordinal));
    }

    public static TheoryData<string, ThreatLevel, int?, int?, bool> Rules => new()
    {
        { "anything_at_all", ThreatLevel.Critical, null, null, true },
        { "suspicious_access", ThreatLevel.Critical, null, null, true },
        { "leaked_credential", ThreatLevel.High, null, null, true },
        { "api_key_exposed", ThreatLevel.High, null, null, true },
        { "unauthorized_access", ThreatLevel.High, null, null, true },
        { "brute_force_attack", ThreatLevel.High, null, null, true },
        { "leaked_credential", ThreatLevel.Medium, null, null, false },
        { "suspicious_access", ThreatLevel.High, null, null, false },
        { "anomalous_behavior", ThreatLevel.High, null, null, false },
        { "failed_auth_spike", ThreatLevel.Low, 10, null, true },
        { "failed_auth_spike", ThreatLevel.Low, 9, null, false },
        { "failed_auth_spike", ThreatLevel.Medium, null, null, false },
        { "rate_limit_exceeded", ThreatLevel.Low, null, 100, true },
        { "rate_limit_exceeded", ThreatLevel.Low, null, 99, false },
        { "rate_limit_exceeded", ThreatLevel.Low, 500, null, false },
        { "manual_trigger", ThreatLevel.Low, null, null, true },
        { "generic_event", ThreatLevel.High, null, null, false },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void The_trigger_rules_accept_and_refuse_as_the_original_did(string type, ThreatLevel severity, int? failed, int? violations, bool rotates)
    {
        Assert.Equal(rotates, SecurityTrigger.Evaluate(new SecurityEvent(type, severity, FailedCount: failed, ViolationCount: violations)).Rotates);
        var h = Scenario.Seeded();
        var d = Report(h, new SecurityEvent(type, severity, FailedCount: failed, ViolationCount: violations));
        var assessed = Assert.IsType<SecurityEventAssessed>(d.Reply);
        Assert.Equal(rotates, assessed.Rotated);
        Assert.Equal(rotates, d.Events.Any(e => e is RotationStarted));
        Assert.Equal(rotates, Assert.IsType<SecurityEventReceived>(d.Events[0]).Rotated);
    }

    [Fact]
    public void A_security_event_never_rotates_the_same_secret_twice_within_the_cooldown()
    {
        var h = Stored(Scenario.NoVerify with { SecurityCooldown = TimeSpan.FromMinutes(10) });
        var leak = new SecurityEvent("leaked_credential", ThreatLevel.Critical, "found in a paste");
        var first = Assert.IsType<SecurityEventAssessed>(Report(h, leak).Reply);
        Assert.True(first.Rotated);
        Assert.Equal("security:leaked_credential", h.Log.OfType<RotationStarted>().Single().Trigger);

        h.Clock.Advance(TimeSpan.FromMinutes(9));
        var second = Report(h, leak);
        var refused = Assert.IsType<SecurityEventAssessed>(second.Reply);
        Assert.False(refused.Rotated);
        Assert.Contains("cool-down", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(["SecurityEventReceived"], second.Names());
        // An operator's emergency is not bound by the cool-down.
        Assert.IsType<EmergencyStarted>(Emergency(h).Reply);

        h.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(Assert.IsType<SecurityEventAssessed>(Report(h, leak).Reply).Rotated);
        Assert.Equal(3, h.Log.OfType<RotationStarted>().Count());
    }

    public static TheoryData<SecurityEvent, string> BadEvents => new()
    {
        { new SecurityEvent("", ThreatLevel.High), "type" },
        { new SecurityEvent("Leaked Credential", ThreatLevel.High), "type" },
        { new SecurityEvent("leaked_credential", (ThreatLevel)7), "severity" },
        { new SecurityEvent("failed_auth_spike", ThreatLevel.Low, FailedCount: -1), "failedCount" },
        { new SecurityEvent("rate_limit_exceeded", ThreatLevel.Low, ViolationCount: -5), "violationCount" },
        { new SecurityEvent("manual_trigger", ThreatLevel.Low, new string('d', 513)), "description" },
        { new SecurityEvent("manual_trigger", ThreatLevel.Low, SourceIp: "not-an-ip"), "sourceIp" },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public void Bad_security_events_are_refused_naming_the_field_and_nothing_is_written(SecurityEvent e, string field)
    {
        var h = Scenario.Seeded();
        var before = h.Log.Count;
        var d = Report(h, e);
        Assert.Equal(field, d.Rejection?.Field);
        Assert.Equal(before, h.Log.Count);
    }

    [Theory]
    [InlineData("critical", true)]
    [InlineData("HIGH", true)]
    [InlineData("severe", false)]
    [InlineData("7", false)]
    [InlineData("", false)]
    public void Severities_parse_by_name_only(string raw, bool parses) => Assert.Equal(parses, SecurityTrigger.TryParse(raw, out _));
}
