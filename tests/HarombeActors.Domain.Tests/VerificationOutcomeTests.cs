using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Generation;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Rotation;
using static HarombeActors.Domain.Tests.Scenario;

namespace HarombeActors.Domain.Tests;

/// <summary>What a failed last verification attempt does under each strategy, in events, status and exact error.</summary>
public class VerificationOutcomeTests
{
    private const string Failure = "Verification failed: 1 of 2 tests failed (db_login: login refused)";
    private static readonly CheckOutcome Ping = new("api_ping", true, "pong", 2);

    public static TheoryData<RotationStrategy, bool, RotationStatus, string, string[]> FailedLastAttempt => new()
    {
        { RotationStrategy.Staged, true, RotationStatus.Failed, "; the current value was never changed", ["VerificationFailed", "RotationFailed"] },
        { RotationStrategy.DualWrite, true, RotationStatus.Failed, "; the current value was never changed", ["VerificationFailed", "RotationFailed"] },
        { RotationStrategy.BlueGreen, true, RotationStatus.Failed, "; the current value was never changed", ["VerificationFailed", "RotationFailed"] },
        { RotationStrategy.Immediate, false, RotationStatus.Failed, "; the new value stays live because auto-rollback is off", ["VerificationFailed", "RotationFailed"] },
        {
            RotationStrategy.Immediate, true, RotationStatus.RolledBack, "; rolled back to the old value",
            ["VerificationFailed", "RolledBack", "VersionRetired", "RotationFailed"]
        },
    };

    [Theory]
    [MemberData(nameof(FailedLastAttempt))]
    public void A_failed_last_attempt_ends_the_rotation_by_its_strategy(
        RotationStrategy strategy, bool autoRollback, RotationStatus status, string consequence, string[] events)
    {
        var h = Seeded();
        h.Started(Policy(strategy, verify: true, autoRollback: autoRollback));
        var d = h.Verify(Ping, Failing);
        Assert.Equal(events, d.Names());
        var result = d.Outcome();
        Assert.Equal(status, result.Status);
        Assert.Equal(Failure + consequence, result.Error);
        Assert.False(result.Success);
        Assert.False(result.VerificationPassed);
        Assert.Equal(status == RotationStatus.RolledBack, result.RollbackPerformed);
        Assert.Equal(1, result.OldVersion);
        Assert.Equal(2, result.NewVersion);
        Assert.Null(h.State.Rotation);
    }

    [Fact]
    public void Immediate_undoes_itself_naming_the_failed_verification_and_retires_the_candidate_at_once()
    {
        var h = Seeded();
        h.Started(Policy(RotationStrategy.Immediate, verify: true));
        var id = h.State.Rotation!.Id;
        var d = h.Verify(Failing);
        var rolledBack = Assert.IsType<RolledBack>(d.Events[1]);
        Assert.Equal(new RolledBack(h.Path, id, 2, 1, null, null, "verification failed", DomainHarness.Operator, rolledBack.At), rolledBack);
        var retired = Assert.IsType<VersionRetired>(d.Events[2]);
        Assert.Equal((2, "no live client uses it any more"), (retired.Version, retired.Reason));
        Assert.Equal([1], h.State.ValidVersions);
    }

    [Fact]
    public void One_failing_test_among_passing_ones_fails_the_attempt() =>
        Assert.False(new[] { Pass, Failing, Ping }.AllPassed());

    [Fact]
    public void The_failure_summary_counts_and_names_every_failed_test_in_order() =>
        Assert.Equal(
            "Verification failed: 2 of 3 tests failed (db_login: login refused; cache: timed out after 10 s)",
            new[] { Failing, Ping, new CheckOutcome("cache", false, "timed out after 10 s", 10_000) }.FailureSummary());

    public static TheoryData<RotationPolicy, bool> Verifies => new()
    {
        { RotationPolicy.Default, false },
        { new RotationPolicy { RequireVerification = false, VerificationTests = ["db_login"] }, false },
        { new RotationPolicy { VerificationTests = ["db_login"] }, true },
    };

    [Theory]
    [MemberData(nameof(Verifies))]
    public void A_rotation_verifies_only_when_required_and_a_test_is_named(RotationPolicy policy, bool verifies)
    {
        var h = Seeded();
        string[] expected = verifies
            ? ["RotationStarted", "StagedWritten", "VerificationStarted"]
            : ["RotationStarted", "StagedWritten", "Promoted", "RotationCompleted"];
        Assert.Equal(expected, h.Started(policy).Names());
    }

    [Fact]
    public void The_requested_generator_makes_the_new_value()
    {
        var h = Seeded();
        h.Send(new RotateSecret(h.Path, DomainHarness.Operator, NoVerify, Generator: new GeneratorSpec(GeneratorKind.Hex, 20)));
        Assert.Matches("^[0-9a-f]{20}$", h.CurrentValue);
    }
}
