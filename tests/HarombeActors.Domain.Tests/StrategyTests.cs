using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;

namespace HarombeActors.Domain.Tests;

public class StrategyTests
{
    private static readonly RotationPolicy NoVerify = new() { RequireVerification = false };
    private static readonly CheckOutcome Pass = new("db_login", true, "ok", 1);
    private static readonly CheckOutcome Failing = new("db_login", false, "login refused", 1);

    private static DomainHarness Seeded(string value = "old-value")
    {
        var h = new DomainHarness();
        Assert.False(h.Write(value).IsRejected);
        return h;
    }

    private static RotateSecret Rotate(DomainHarness h, RotationPolicy policy, string value = "new-value") =>
        new(h.Path, DomainHarness.Operator, policy, SecretValue.Create(value));

    private static RotationPolicy Verifying(RotationStrategy s, bool autoRollback = true, int retries = 0) =>
        new() { Strategy = s, VerificationTests = ["db_login"], AutoRollback = autoRollback, MaxRetries = retries };

    private static RotationResult Outcome(Decision d) => Assert.IsType<RotationOutcome>(d.Reply).Result;

    [Theory]
    [InlineData(RotationStrategy.Immediate)]
    [InlineData(RotationStrategy.Staged)]
    [InlineData(RotationStrategy.BlueGreen)]
    [InlineData(RotationStrategy.DualWrite)]
    public void Every_strategy_without_verification_or_consumers_completes_in_one_decision(RotationStrategy strategy)
    {
        var h = Seeded();
        var result = Outcome(h.Send(Rotate(h, NoVerify with { Strategy = strategy })));
        Assert.True(result.Success);
        Assert.Equal(RotationStatus.Success, result.Status);
        Assert.Equal(strategy, result.Strategy);
        Assert.Equal(1, result.OldVersion);
        Assert.Equal(2, result.NewVersion);
        Assert.True(result.DurationMs > 0);
        Assert.Null(result.VerificationPassed);
        Assert.False(result.RollbackPerformed);
        Assert.Equal("new-value", h.CurrentValue);
        Assert.Equal(1, h.State.Previous);
        Assert.Null(h.State.Rotation);
        Assert.Null(h.State.Pending);
        Assert.False(h.State.DualMode);
    }

    [Fact]
    public void Staged_writes_pending_verifies_pending_then_promotes()
    {
        var h = Seeded();
        var started = h.Send(Rotate(h, Verifying(RotationStrategy.Staged)));
        Assert.Equal(["SecretWritten", "RotationStarted", "StagedWritten", "VerificationStarted"], h.EventTypes);
        Assert.IsType<VerificationStarted>(started.Events[^1]);
        Assert.Equal("old-value", h.CurrentValue);
        Assert.Equal("new-value", h.ValueOf(h.State.Pending));
        Assert.Equal(RotationStatus.Verifying, h.State.Rotation!.Phase.Status());

        var done = Outcome(h.Send(new CompleteVerification(h.State.Rotation.Id, 1, [Pass])));
        Assert.True(done.Success);
        Assert.True(done.VerificationPassed);
        Assert.Equal("new-value", h.CurrentValue);
        Assert.Equal("old-value", h.ValueOf(h.State.Previous));
        Assert.EndsWith("Verified,Promoted,RotationCompleted", string.Join(",", h.EventTypes));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Staged_verification_failure_leaves_current_untouched_either_way(bool autoRollback)
    {
        var h = Seeded();
        h.Send(Rotate(h, Verifying(RotationStrategy.Staged, autoRollback)));
        var result = Outcome(h.Send(new CompleteVerification(h.State.Rotation!.Id, 1, [Failing])));
        Assert.False(result.Success);
        Assert.Equal(RotationStatus.Failed, result.Status);
        Assert.False(result.VerificationPassed);
        Assert.False(result.RollbackPerformed);
        Assert.Contains("1 of 1 tests failed", result.Error);
        Assert.Contains("login refused", result.Error);
        Assert.Equal("old-value", h.CurrentValue);
        Assert.Null(h.State.Pending);
    }

    [Fact]
    public void Immediate_is_live_before_verification_and_rolls_back_on_failure_with_auto_rollback()
    {
        var h = Seeded("first-value");
        h.Write("old-value");
        Assert.Equal(1, h.State.Previous); // a rollback target exists before the rotation, so keeping it is observable
        h.Send(Rotate(h, Verifying(RotationStrategy.Immediate)));
        Assert.Equal("new-value", h.CurrentValue);
        var result = Outcome(h.Send(new CompleteVerification(h.State.Rotation!.Id, 1, [Failing])));
        Assert.False(result.Success);
        Assert.Equal(RotationStatus.RolledBack, result.Status);
        Assert.True(result.RollbackPerformed);
        Assert.False(result.VerificationPassed);
        Assert.Equal("old-value", h.CurrentValue);
        Assert.Contains(h.Log, e => e is RolledBack);
        // The failed candidate must never become a rollback target: previous is what it was before the rotation.
        Assert.Equal(1, h.State.Previous);
        Assert.Equal("first-value", h.ValueOf(h.State.Previous));
    }

    [Fact]
    public void Immediate_without_auto_rollback_reports_failed_never_success_and_the_new_value_stays_live()
    {
        var h = Seeded();
        h.Send(Rotate(h, Verifying(RotationStrategy.Immediate, autoRollback: false)));
        var result = Outcome(h.Send(new CompleteVerification(h.State.Rotation!.Id, 1, [Failing])));
        Assert.False(result.Success);
        Assert.Equal(RotationStatus.Failed, result.Status);
        Assert.False(result.RollbackPerformed);
        Assert.Contains("stays live", result.Error);
        Assert.Equal("new-value", h.CurrentValue);
    }

    [Fact]
    public void Verification_is_retried_up_to_max_retries()
    {
        var h = Seeded();
        h.Send(Rotate(h, Verifying(RotationStrategy.Staged, retries: 2)));
        var id = h.State.Rotation!.Id;
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var failed = h.Send(new CompleteVerification(id, attempt, [Failing]));
            Assert.True(Assert.IsType<VerificationFailed>(failed.Events.Single()).WillRetry);
            Assert.Equal(attempt + 1, Assert.IsType<VerificationStarted>(h.Send(new RetryVerification(id)).Events.Single()).Attempt);
        }
        Assert.False(Outcome(h.Send(new CompleteVerification(id, 3, [Failing]))).Success);
        Assert.Equal(3, h.Log.OfType<VerificationFailed>().Count());
    }

    [Fact]
    public void A_stale_verification_result_is_ignored()
    {
        var h = Seeded();
        h.Send(Rotate(h, Verifying(RotationStrategy.Staged)));
        Assert.Same(Decision.Nothing, h.Send(new CompleteVerification(new RotationId("rot-other"), 1, [Pass])));
        Assert.Same(Decision.Nothing, h.Send(new CompleteVerification(h.State.Rotation!.Id, 2, [Pass])));
    }

    [Fact]
    public void Blue_green_seeds_the_active_slot_on_the_first_rotation_and_switches_the_pointer()
    {
        var h = Seeded("v1-value");
        Outcome(h.Send(Rotate(h, NoVerify with { Strategy = RotationStrategy.BlueGreen }, "v2-value")));
        Assert.Equal(DeploymentSlot.Green, h.State.Active);
        Assert.Equal("v1-value", h.ValueOf(h.State.Blue));
        Assert.Equal("v2-value", h.ValueOf(h.State.Green));
        Assert.Equal("v2-value", h.CurrentValue);

        Outcome(h.Send(Rotate(h, NoVerify with { Strategy = RotationStrategy.BlueGreen }, "v3-value")));
        Assert.Equal(DeploymentSlot.Blue, h.State.Active);
        Assert.Equal("v3-value", h.ValueOf(h.State.Blue));
        Assert.Equal("v2-value", h.ValueOf(h.State.Green));
    }

    [Fact]
    public void Blue_green_verification_failure_restores_the_idle_slot_so_rollback_still_works()
    {
        var h = Seeded("v1-value");
        Outcome(h.Send(Rotate(h, NoVerify with { Strategy = RotationStrategy.BlueGreen }, "v2-value")));
        h.Send(Rotate(h, Verifying(RotationStrategy.BlueGreen), "bad-value"));
        Assert.Equal("bad-value", h.ValueOf(h.State.Blue));
        var result = Outcome(h.Send(new CompleteVerification(h.State.Rotation!.Id, 1, [Failing])));
        Assert.Equal(RotationStatus.Failed, result.Status);
        Assert.Equal("v1-value", h.ValueOf(h.State.Blue));
        Assert.Equal("v2-value", h.CurrentValue);
        Assert.Equal(DeploymentSlot.Green, h.State.Active);
    }

    [Fact]
    public void Rollback_after_blue_green_is_one_pointer_switch_and_can_be_undone_the_same_way()
    {
        var h = Seeded("v1-value");
        Outcome(h.Send(Rotate(h, NoVerify with { Strategy = RotationStrategy.BlueGreen }, "v2-value")));
        var rb = h.Send(new RollbackSecret(h.Path, DomainHarness.Operator));
        var result = Outcome(rb);
        Assert.True(result.Success);
        Assert.True(result.RollbackPerformed);
        Assert.Equal(RotationStatus.RolledBack, result.Status);
        Assert.Equal(DeploymentSlot.Blue, Assert.IsType<RolledBack>(rb.Events.Single()).SwitchedTo);
        Assert.Equal("v1-value", h.CurrentValue);
        Assert.Equal(DeploymentSlot.Blue, h.State.Active);

        h.Send(new RollbackSecret(h.Path, DomainHarness.Operator));
        Assert.Equal("v2-value", h.CurrentValue);
        Assert.Equal(DeploymentSlot.Green, h.State.Active);
    }

    [Theory]
    [InlineData(RotationStrategy.Immediate)]
    [InlineData(RotationStrategy.Staged)]
    [InlineData(RotationStrategy.DualWrite)]
    public void Rollback_restores_previous_for_the_other_strategies(RotationStrategy strategy)
    {
        var h = Seeded("v1-value");
        Assert.True(Outcome(h.Send(Rotate(h, NoVerify with { Strategy = strategy }, "v2-value"))).Success);
        var rb = h.Send(new RollbackSecret(h.Path, DomainHarness.Operator));
        var result = Outcome(rb);
        Assert.True(result.RollbackPerformed);
        Assert.Equal(RotationStatus.RolledBack, result.Status);
        Assert.Equal(strategy, result.Strategy);
        Assert.Null(Assert.IsType<RolledBack>(rb.Events[0]).SwitchedTo);
        Assert.Null(h.State.Active);
        Assert.Equal("v1-value", h.CurrentValue);
        Assert.Equal("v2-value", h.ValueOf(h.State.Previous));
    }

    [Fact]
    public void Rollback_without_a_previous_version_is_refused()
    {
        var h = Seeded();
        var d = h.Send(new RollbackSecret(h.Path, DomainHarness.Operator));
        Assert.Equal(RejectionCode.InvalidState, d.Rejection!.Code);
        Assert.Empty(d.Events);
    }

    [Fact]
    public void A_second_rotate_rollback_or_write_during_a_rotation_is_a_conflict_naming_the_running_one()
    {
        var h = Seeded();
        h.Send(Rotate(h, Verifying(RotationStrategy.Staged)));
        var id = h.State.Rotation!.Id.Value;
        var logged = h.Log.Count;
        foreach (var command in new object[]
                 {
                     Rotate(h, NoVerify, "other"), new RollbackSecret(h.Path, DomainHarness.Operator),
                     new WriteSecret(h.Path, SecretValue.Create("x"), DomainHarness.Operator),
                 })
        {
            var d = h.Send(command);
            Assert.Equal(RejectionCode.Conflict, d.Rejection!.Code);
            Assert.StartsWith("Rotation already in progress", d.Rejection.Message);
            Assert.Contains(id, d.Rejection.Message);
            Assert.Contains("phase verifying", d.Rejection.Message);
        }
        Assert.Equal(logged, h.Log.Count);
    }

    [Theory]
    [InlineData(RotationStrategy.Staged, RotationStatus.Failed, false)]
    [InlineData(RotationStrategy.BlueGreen, RotationStatus.Failed, false)]
    [InlineData(RotationStrategy.Immediate, RotationStatus.RolledBack, true)]
    public void Cancel_returns_to_the_old_value(RotationStrategy strategy, RotationStatus status, bool rollback)
    {
        var h = Seeded();
        h.Send(Rotate(h, Verifying(strategy)));
        var result = Outcome(h.Send(new CancelRotation(h.Path, DomainHarness.Operator)));
        Assert.Equal(status, result.Status);
        Assert.Equal(rollback, result.RollbackPerformed);
        Assert.Contains("cancelled by alice", result.Error);
        Assert.Equal("old-value", h.CurrentValue);
        Assert.Null(h.State.Rotation);
        Assert.Null(h.State.Pending);
    }

    [Fact]
    public void Cancel_without_a_rotation_is_refused() =>
        Assert.Equal(RejectionCode.InvalidState, Seeded().Send(new CancelRotation(SecretPath.Parse("/secrets/db/password"), DomainHarness.Operator)).Rejection!.Code);

    [Fact]
    public void Rotating_a_secret_that_does_not_exist_is_not_found_not_a_silent_create()
    {
        var h = new DomainHarness();
        var d = h.Send(Rotate(h, NoVerify));
        Assert.Equal(RejectionCode.NotFound, d.Rejection!.Code);
        Assert.Empty(h.Log);
    }

    [Fact]
    public void Rotating_to_the_current_value_is_refused()
    {
        var h = Seeded("same");
        Assert.Equal("value", h.Send(Rotate(h, NoVerify, "same")).Rejection!.Field);
    }

    [Fact]
    public void Bad_input_writes_nothing()
    {
        var h = Seeded();
        var before = h.Log.Count;
        Assert.Equal("policy.verificationTests", h.Send(Rotate(h, new RotationPolicy { VerificationTests = ["nope"] })).Rejection!.Field);
        Assert.Equal("policy.maxRetries", h.Send(Rotate(h, NoVerify with { MaxRetries = 11 })).Rejection!.Field);
        Assert.Equal("generator.length", h.Send(new RotateSecret(h.Path, DomainHarness.Operator, NoVerify, Generator: new(Generation.GeneratorKind.Hex, 4))).Rejection!.Field);
        Assert.Equal("trigger", h.Send(new RotateSecret(h.Path, DomainHarness.Operator, NoVerify, Trigger: "")).Rejection!.Field);
        Assert.Equal(before, h.Log.Count);
    }

    [Fact]
    public void A_generated_value_is_used_when_none_is_given()
    {
        var h = Seeded();
        var result = Outcome(h.Send(new RotateSecret(h.Path, DomainHarness.Operator, NoVerify)));
        Assert.True(result.Success);
        Assert.Equal(32, h.CurrentValue.Length);
    }

    [Fact]
    public void Stored_policy_is_used_when_the_rotation_names_none()
    {
        var h = Seeded();
        h.Send(new SetPolicy(h.Path, NoVerify with { Strategy = RotationStrategy.BlueGreen }, DomainHarness.Operator));
        Assert.Equal(RotationStrategy.BlueGreen, Outcome(h.Send(new RotateSecret(h.Path, DomainHarness.Operator, NewValue: SecretValue.Create("n")))).Strategy);
    }

    [Fact]
    public void Events_never_carry_plaintext()
    {
        var h = Seeded("plain-old-secret");
        h.Send(Rotate(h, NoVerify with { Strategy = RotationStrategy.BlueGreen }, "plain-new-secret"));
        foreach (var e in h.Log) Assert.DoesNotContain("plain-", e.ToString());
    }
}
