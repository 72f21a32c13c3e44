using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;

namespace HarombeActors.Domain.Tests;

/// <summary>
/// Resources (what checks credentials) learn of a verified candidate before any client is told to use it, and with
/// blue-green the idle slot stays valid: the two rules behind zero failed requests.
/// </summary>
public class ResourceArmingTests
{
    private static readonly RotationPolicy Dual = new() { Strategy = RotationStrategy.DualWrite, RequireVerification = false };
    private static readonly RotationPolicy BlueGreen = new() { Strategy = RotationStrategy.BlueGreen, RequireVerification = false };

    private static DomainHarness WithResource(params string[] clients)
    {
        var h = new DomainHarness();
        h.Write("old-value");
        h.Send(new ObserveConsumer(ConsumerId.Parse("db"), 1, ConsumerRole.Resource));
        foreach (var id in clients) h.Send(new ObserveConsumer(ConsumerId.Parse(id), 1));
        return h;
    }

    private static Decision Rotate(DomainHarness h, RotationPolicy policy, string value = "new-value")
    {
        var d = h.Send(new RotateSecret(h.Path, DomainHarness.Operator, policy, SecretValue.Create(value)));
        Assert.False(d.IsRejected);
        return d;
    }

    private static Decision Report(DomainHarness h, string id, int version, ConsumerRole role = ConsumerRole.Client) =>
        h.Send(new ObserveConsumer(ConsumerId.Parse(id), version, role));

    private static IEnumerable<string> Names(Decision d) => d.Events.Select(e => e.GetType().Name);

    [Fact]
    public void Dual_write_arms_resources_before_clients_are_told_to_move()
    {
        var h = WithResource("api", "web");
        var started = Rotate(h, Dual);
        Assert.Equal(["RotationStarted", "StagedWritten", "ResourcesArming"], Names(started));
        Assert.Equal(RotationPhase.ArmingResources, h.State.Rotation!.Phase);
        Assert.False(h.State.DualMode);
        Assert.Equal([1, 2], h.State.ValidVersions);
        Assert.Equal(1, h.State.PreferredVersion);
        Assert.Equal(MigrationStatus.Migrating, SecretDecider.StatusOf(h.State, h.State.Consumers["db"], false));

        // A client reporting early changes nothing: only the resource's acknowledgement moves the rotation on.
        Assert.Equal(["ConsumerMigrated"], Names(Report(h, "api", 2)));
        Assert.Equal(RotationPhase.ArmingResources, h.State.Rotation!.Phase);
        Assert.False(h.State.DualMode);
        Assert.Equal(1, h.State.PreferredVersion);

        var armed = Report(h, "db", 2, ConsumerRole.Resource);
        Assert.Equal(["ConsumerMigrated", "ResourcesArmed", "DualModeEnabled"], Names(armed));
        Assert.True(h.State.DualMode);
        Assert.Equal(2, h.State.PreferredVersion);
        Assert.Equal(RotationPhase.WaitingForConsumers, h.State.Rotation!.Phase);

        Assert.Equal(["ConsumerMigrated", "Promoted", "RotationCompleted"], Names(Report(h, "web", 2)));
        Assert.Equal("new-value", h.CurrentValue);
        Assert.Equal([2], h.State.ValidVersions);
    }

    [Fact]
    public void Without_live_resources_there_is_no_arming_step()
    {
        var h = WithResource("api");
        h.Stale.Add("db");
        Assert.Equal(["RotationStarted", "StagedWritten", "DualModeEnabled"], Names(Rotate(h, Dual)));
    }

    [Fact]
    public void A_resource_going_stale_while_arming_no_longer_blocks()
    {
        var h = WithResource("api");
        Rotate(h, Dual);
        h.Stale.Add("db");
        Assert.Equal(["ResourcesArmed", "DualModeEnabled"], Names(h.Send(EvaluateMigration.Instance)));
    }

    [Theory]
    [InlineData(RotationStrategy.DualWrite, MigrationTimeoutAction.Promote)]
    [InlineData(RotationStrategy.DualWrite, MigrationTimeoutAction.Rollback)]
    [InlineData(RotationStrategy.DualWrite, MigrationTimeoutAction.Hold)]
    [InlineData(RotationStrategy.BlueGreen, MigrationTimeoutAction.Promote)]
    [InlineData(RotationStrategy.BlueGreen, MigrationTimeoutAction.Rollback)]
    [InlineData(RotationStrategy.BlueGreen, MigrationTimeoutAction.Hold)]
    public void A_resource_that_never_accepts_fails_the_rotation_at_the_deadline_whatever_the_timeout_action(RotationStrategy strategy, MigrationTimeoutAction action)
    {
        var h = WithResource("api");
        Rotate(h, new RotationPolicy { Strategy = strategy, RequireVerification = false, OnMigrationTimeout = action });
        Assert.Equal(RotationPhase.ArmingResources, h.State.Rotation!.Phase);
        var d = h.Send(new MigrationDeadlineReached(h.State.Rotation!.Id));
        var result = Assert.IsType<RotationOutcome>(d.Reply).Result;
        Assert.Equal(RotationStatus.Failed, result.Status);
        Assert.False(result.RollbackPerformed);
        Assert.Contains("db", result.Error);
        Assert.Null(h.State.Rotation);
        Assert.Equal("old-value", h.CurrentValue);
        Assert.Equal([1], h.State.ValidVersions);
        Assert.Equal(1, h.State.PreferredVersion);
        Assert.Null(h.State.Pending);
        // No client was ever told to move: neither dual mode, nor a switch, nor a promotion happened.
        Assert.DoesNotContain(h.Log, e => e is Events.DualModeEnabled or Events.EnvironmentSwitched or Events.Promoted);
    }

    [Fact]
    public void Cancelling_while_arming_withdraws_the_candidate()
    {
        var h = WithResource();
        Rotate(h, Dual);
        h.Send(new CancelRotation(h.Path, DomainHarness.Operator));
        Assert.Null(h.State.Rotation);
        Assert.Equal([1], h.State.ValidVersions);
    }

    [Fact]
    public void Blue_green_switches_only_after_resources_accept_and_keeps_the_old_slot_valid()
    {
        var h = WithResource("api");
        Assert.Equal(["RotationStarted", "StagedWritten", "TargetEnvironmentWritten", "TargetEnvironmentWritten", "ResourcesArming"], Names(Rotate(h, BlueGreen)));
        Assert.Equal(1, h.State.PreferredVersion);
        Assert.Equal([1, 2], h.State.ValidVersions);

        Assert.Equal(["ConsumerMigrated", "ResourcesArmed", "EnvironmentSwitched", "RotationCompleted"], Names(Report(h, "db", 2, ConsumerRole.Resource)));
        Assert.Equal(2, h.State.PreferredVersion);
        // The client still on v1 is not refused: v1 sits in the idle slot, valid until the next rotation.
        Assert.Equal([1, 2], h.State.ValidVersions);
    }

    [Fact]
    public void Blue_green_candidate_is_not_valid_before_verification_and_overwriting_the_idle_slot_revokes_it()
    {
        var h = WithResource();
        h.Stale.Add("db");
        Rotate(h, BlueGreen);
        Assert.Equal([1, 2], h.State.ValidVersions);

        Rotate(h, BlueGreen with { RequireVerification = true, VerificationTests = ["db_login"] }, "third-value");
        Assert.Equal(RotationPhase.Verifying, h.State.Rotation!.Phase);
        Assert.Equal([2], h.State.ValidVersions); // v1's slot now holds the unverified v3, which is not valid yet
    }

    [Fact]
    public void A_consumer_declaring_another_role_is_registered_again()
    {
        var h = WithResource();
        Assert.Equal(["ConsumerRegistered"], Names(Report(h, "db", 1, ConsumerRole.Client)));
        Assert.Equal(ConsumerRole.Client, h.State.Consumers["db"].Role);
        Assert.Empty(Report(h, "db", 1, ConsumerRole.Client).Events);
    }

    [Fact]
    public void A_rollback_keeps_the_version_rolled_away_from_valid_until_no_live_client_uses_it()
    {
        var h = WithResource("api", "web");
        h.Stale.Add("db");
        h.Send(new RotateSecret(h.Path, DomainHarness.Operator, new RotationPolicy { Strategy = RotationStrategy.Immediate, RequireVerification = false }, SecretValue.Create("new-value")));
        Report(h, "api", 2);
        Report(h, "web", 2);

        var rollback = h.Send(new RollbackSecret(h.Path, DomainHarness.Operator, "bad deploy"));
        Assert.Equal(["RolledBack"], Names(rollback));
        Assert.Equal(1, h.State.PreferredVersion);
        Assert.Equal([1, 2], h.State.ValidVersions); // clients still on v2 are not refused while they move back
        Assert.Empty(Report(h, "api", 1).Events.OfType<Events.VersionRetired>());
        Assert.Equal(["ConsumerMigrated", "VersionRetired"], Names(Report(h, "web", 1)));
        Assert.Equal([1], h.State.ValidVersions);
    }

    [Fact]
    public void With_no_live_client_on_it_the_version_is_retired_in_the_rollback_itself_and_a_new_change_retires_it_at_once()
    {
        var h = WithResource("api");
        h.Send(new RotateSecret(h.Path, DomainHarness.Operator, new RotationPolicy { Strategy = RotationStrategy.Immediate, RequireVerification = false }, SecretValue.Create("new-value")));
        Assert.Equal(["RolledBack", "VersionRetired"], Names(h.Send(new RollbackSecret(h.Path, DomainHarness.Operator, "r"))));

        Report(h, "api", 1);
        h.Send(new RollbackSecret(h.Path, DomainHarness.Operator, "forward again")); // v2 current; api still on v1, so v1 is retiring
        Assert.Equal([1, 2], h.State.ValidVersions);
        Assert.Equal(["VersionRetired", "SecretWritten"], Names(h.Write("third-value")));
        Assert.Equal([3], h.State.ValidVersions);
    }
}
