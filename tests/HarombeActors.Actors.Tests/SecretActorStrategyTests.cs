using HarombeActors.Actors.Tests.Support;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;

namespace HarombeActors.Actors.Tests;

/// <summary>Every strategy through the real sharded, persistent actor on SQLite files.</summary>
public class SecretActorStrategyTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    [Fact]
    public async Task Write_then_read_masked_and_revealed()
    {
        var path = P("/secrets/db/password");
        var written = await Put(path, "s3cr3t-value");
        Assert.Equal(1, written.Version);
        var masked = await Ask<SecretRead>(new GetSecret(path, VersionSelector.Current));
        Assert.Null(masked.Value);
        Assert.Equal(written.Fingerprint, masked.Fingerprint);
        Assert.Equal("s3cr3t-value", await Reveal(path));
    }

    [Theory]
    [InlineData(RotationStrategy.Immediate)]
    [InlineData(RotationStrategy.Staged)]
    [InlineData(RotationStrategy.DualWrite)]
    [InlineData(RotationStrategy.BlueGreen)]
    public async Task Each_strategy_rotates_with_verification(RotationStrategy strategy)
    {
        var path = P("/secrets/s");
        await Put(path, "good-old");
        var result = await Rotate(path, Policy(strategy, "accepts_good"), "good-new");
        Assert.True(result.Success, result.Error);
        Assert.Equal(RotationStatus.Success, result.Status);
        Assert.True(result.VerificationPassed);
        Assert.Equal(1, result.OldVersion);
        Assert.Equal(2, result.NewVersion);
        Assert.True(result.DurationMs > 0);
        Assert.Equal("good-new", await Reveal(path));
        Assert.Equal("good-old", await Reveal(path, "previous"));
        Assert.Equal(1, AcceptsGood.Runs);
    }

    [Theory]
    [InlineData(RotationStrategy.Staged, true, RotationStatus.Failed, false, "good-old")]
    [InlineData(RotationStrategy.Staged, false, RotationStatus.Failed, false, "good-old")]
    [InlineData(RotationStrategy.DualWrite, true, RotationStatus.Failed, false, "good-old")]
    [InlineData(RotationStrategy.DualWrite, false, RotationStatus.Failed, false, "good-old")]
    [InlineData(RotationStrategy.BlueGreen, true, RotationStatus.Failed, false, "good-old")]
    [InlineData(RotationStrategy.BlueGreen, false, RotationStatus.Failed, false, "good-old")]
    [InlineData(RotationStrategy.Immediate, true, RotationStatus.RolledBack, true, "good-old")]
    [InlineData(RotationStrategy.Immediate, false, RotationStatus.Failed, false, "bad-new")]
    public async Task Verification_failure_with_and_without_auto_rollback(
        RotationStrategy strategy, bool autoRollback, RotationStatus status, bool rolledBack, string currentAfter)
    {
        var path = P("/secrets/f");
        await Put(path, "good-old");
        var result = await Rotate(path, Policy(strategy, "accepts_good") with { AutoRollback = autoRollback }, "bad-new");
        Assert.False(result.Success);
        Assert.Equal(status, result.Status);
        Assert.Equal(rolledBack, result.RollbackPerformed);
        Assert.False(result.VerificationPassed);
        Assert.Contains("1 of 1 tests failed", result.Error);
        Assert.DoesNotContain("bad-new", result.Error); // the fake echoes the value; the runner scrubs it
        Assert.Equal(currentAfter, await Reveal(path));
        var status2 = await Ask<SecretStatus>(new GetStatus(path));
        Assert.Null(status2.Rotation);
        Assert.Null(status2.PendingVersion);
    }

    [Fact]
    public async Task Verification_is_retried_one_check_interval_apart()
    {
        var path = P("/secrets/retry");
        await Put(path, "good-old");
        var policy = Policy(RotationStrategy.Staged, "accepts_good") with { MaxRetries = 2, CheckInterval = TimeSpan.FromMilliseconds(50) };
        var result = await Rotate(path, policy, "bad-new");
        Assert.Equal(RotationStatus.Failed, result.Status);
        Assert.Equal(3, AcceptsGood.Runs);
    }

    [Fact]
    public async Task Blue_green_rollback_is_one_pointer_switch()
    {
        var path = P("/secrets/bg");
        await Put(path, "v1");
        await Rotate(path, Policy(RotationStrategy.BlueGreen), "v2");
        Assert.Equal("v1", await Reveal(path, "blue"));
        Assert.Equal("v2", await Reveal(path, "green"));
        var rollback = (await Ask<RotationOutcome>(new RollbackSecret(path, Alice))).Result;
        Assert.True(rollback.RollbackPerformed);
        Assert.Equal(RotationStatus.RolledBack, rollback.Status);
        var status = await Ask<SecretStatus>(new GetStatus(path));
        Assert.Equal("blue", status.ActiveEnvironment);
        Assert.Equal("v1", await Reveal(path));
    }

    [Theory]
    [InlineData(RotationStrategy.Immediate)]
    [InlineData(RotationStrategy.Staged)]
    [InlineData(RotationStrategy.DualWrite)]
    public async Task Rollback_restores_previous_after_the_strategies_without_slots(RotationStrategy strategy)
    {
        var path = P("/secrets/st");
        await Put(path, "v1");
        Assert.True((await Rotate(path, Policy(strategy), "v2")).Success);
        var rollback = (await Ask<RotationOutcome>(new RollbackSecret(path, Alice))).Result;
        Assert.True(rollback.RollbackPerformed);
        Assert.Equal(strategy, rollback.Strategy);
        Assert.Equal("v1", await Reveal(path));
        Assert.Equal("v2", await Reveal(path, "previous"));
    }

    [Fact]
    public async Task A_second_rotation_is_a_conflict_and_cancel_returns_to_the_old_value()
    {
        var path = P("/secrets/c");
        await Put(path, "v1");
        var accepted = await Ask<RotationAccepted>(new RotateSecret(path, Alice, Policy(RotationStrategy.Immediate, "gate"),
            Domain.Values.SecretValue.Create("v2"), WaitForCompletion: false));
        Assert.Equal(RotationStatus.Verifying, accepted.Status);
        await Gate.Entered;
        Assert.Equal("v2", await Reveal(path)); // immediate: live before verification
        var startedAt = (await Ask<SecretStatus>(new GetStatus(path))).Rotation!.StartedAt;

        foreach (var second in new ISecretMessage[]
                 {
                     new RotateSecret(path, Alice, Policy(RotationStrategy.Staged), Domain.Values.SecretValue.Create("v3")),
                     new RollbackSecret(path, Alice),
                     new WriteSecret(path, Domain.Values.SecretValue.Create("v4"), Alice),
                 })
        {
            var rejected = await Ask<CommandRejected>(second);
            Assert.Equal(RejectionCode.Conflict, rejected.Rejection.Code);
            // The whole message: which rotation, its strategy and phase, when it started and who started it.
            Assert.Equal($"Rotation already in progress: {accepted.RotationId} (immediate, phase verifying, started {startedAt:O} by alice)", rejected.Rejection.Message);
        }

        var cancelled = (await Ask<RotationOutcome>(new CancelRotation(path, Alice))).Result;
        Assert.Equal(RotationStatus.RolledBack, cancelled.Status);
        Assert.True(cancelled.RollbackPerformed);
        Assert.Equal("v1", await Reveal(path));
        Gate.Release(true); // a late result of the cancelled run is ignored
        Assert.Equal("v1", await Reveal(path));
        Assert.Null((await Ask<SecretStatus>(new GetStatus(path))).Rotation);
    }

    [Fact]
    public async Task History_lists_every_event_without_values()
    {
        var path = P("/secrets/h");
        await Put(path, "history-v1");
        await Rotate(path, Policy(RotationStrategy.BlueGreen, "accepts_good"), "good-history-v2");
        var history = await Ask<SecretHistory>(new GetHistory(path));
        Assert.Equal(
            ["SecretWritten", "RotationStarted", "StagedWritten", "TargetEnvironmentWritten", "TargetEnvironmentWritten",
             "VerificationStarted", "Verified", "EnvironmentSwitched", "RotationCompleted"],
            history.Events.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i), history.Events.Select(e => e.SequenceNr));
        Assert.All(history.Events, e => Assert.DoesNotContain("history-v", e.Summary));
        Assert.Contains("written by alice", history.Events[0].Summary);
    }

    [Fact]
    public async Task Reads_of_missing_secrets_and_versions_are_not_found()
    {
        var missing = await Ask<CommandRejected>(new GetSecret(P("/secrets/nope"), VersionSelector.Current));
        Assert.Equal(RejectionCode.NotFound, missing.Rejection.Code);
        await Put(P("/secrets/one"), "v1");
        Assert.Equal(RejectionCode.NotFound, (await Ask<CommandRejected>(new GetSecret(P("/secrets/one"), VersionSelector.Current with { Kind = VersionSelectorKind.Pending }))).Rejection.Code);
        Assert.Equal(RejectionCode.NotFound, (await Ask<CommandRejected>(new GetSecret(P("/secrets/one"), new VersionSelector(VersionSelectorKind.Number, 7)))).Rejection.Code);
        var status = await Ask<SecretStatus>(new GetStatus(P("/secrets/nope")));
        Assert.False(status.Exists);
    }
}
