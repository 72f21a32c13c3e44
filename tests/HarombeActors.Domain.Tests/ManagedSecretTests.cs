using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Targets;
using HarombeActors.Domain.Values;

namespace HarombeActors.Domain.Tests;

/// <summary>
/// Managed secrets: every change is set at the target before anything depends on it, the backend's login test always
/// runs, and what the target accepts is retired exactly when nothing may use it any more.
/// </summary>
public class ManagedSecretTests
{
    private static DomainHarness Created(string backend = "pg", string username = "app")
    {
        var h = new DomainHarness();
        var request = new CreateManagedSecret(h.Path, backend, username, DomainHarness.Operator, "req-1");
        Assert.False(h.Send(request).IsRejected);
        var login = backend == "pg" ? username + "_a" : username;
        var value = ManagedCredential.Generate(login, h.Backends[backend]).ToValue();
        var created = h.Send(new CompleteManagedCreation(request, value, login, 12));
        Assert.IsType<SecretWriteAccepted>(created.Reply);
        return h;
    }

    private static RotationId Rotate(DomainHarness h, RotationStrategy strategy)
    {
        var d = h.Send(new RotateSecret(h.Path, DomainHarness.Operator, new RotationPolicy { Strategy = strategy, RequireVerification = false, MaxRetries = 0 }));
        Assert.False(d.IsRejected, d.Rejection?.Message);
        Assert.Equal(["RotationStarted", "StagedWritten", "TargetArming"], d.Events.Select(e => e.GetType().Name));
        return h.State.Rotation!.Id;
    }

    private static void Armed(DomainHarness h, RotationId id, bool verified = true)
    {
        var version = h.State.Rotation!.NewVersion!.Value;
        h.Send(new CompleteTargetArming(id, version, true, false, "set", 5));
        Assert.Equal([SecretDecider.BackendTestName("pg")], h.State.Rotation!.Phase == RotationPhase.Verifying
            ? ((VerificationStarted)h.Log.Last(e => e is VerificationStarted)).Tests : []);
        if (verified) h.Send(new CompleteVerification(id, 1, [new CheckOutcome(SecretDecider.BackendTestName("pg"), true, "logged in", 3)]));
    }

    [Fact]
    public void Creation_binds_the_backend_and_stores_a_credential_document_as_version_1()
    {
        var h = Created();
        Assert.Equal(["CredentialBound", "SecretWritten", "TargetArmed"], h.EventTypes);
        Assert.Equal(new TargetBinding("pg", TargetKind.Postgres, "app"), h.State.Target);
        Assert.Equal("app_a", h.State.Armed[1]);
        var credential = ManagedCredential.Parse(SecretValue.Create(h.CurrentValue))!;
        Assert.Equal(("app_a", "127.0.0.1", 5432, "app", 32), (credential.Username, credential.Host, credential.Port, credential.Database, credential.Password.Length));
        Assert.DoesNotContain(credential.Password, credential.ToString());
    }

    [Theory]
    [InlineData("nope", "app", "backend")]
    [InlineData("pg", "App", "username")]
    [InlineData("pg", "1app", "username")]
    [InlineData("pg", "a;drop", "username")]
    [InlineData("pg", "", "username")]
    [InlineData("cache", "default", "username")]
    [InlineData("cache", "has space", "username")]
    [InlineData("cmd", "has;semicolon", "username")]
    public void Bad_creation_requests_name_the_field_and_write_nothing(string backend, string username, string field)
    {
        var h = new DomainHarness();
        var d = h.Send(new CreateManagedSecret(h.Path, backend, username, DomainHarness.Operator));
        Assert.Equal((RejectionCode.BadInput, field), (d.Rejection!.Code, d.Rejection.Field));
        Assert.Empty(h.Log);
    }

    [Fact]
    public void A_postgres_username_must_leave_room_for_the_login_suffix()
    {
        var h = new DomainHarness();
        Assert.False(h.Send(new CreateManagedSecret(h.Path, "pg", new string('a', 61), DomainHarness.Operator)).IsRejected);
        var d = h.Send(new CreateManagedSecret(h.Path, "pg", new string('a', 62), DomainHarness.Operator));
        Assert.Contains("63-byte", d.Rejection!.Message);
    }

    [Fact]
    public void Values_given_by_hand_are_refused_for_a_managed_secret()
    {
        var h = Created();
        Assert.Equal("value", h.Write("typed-by-hand").Rejection!.Field);
        Assert.Equal("value", h.Send(new RotateSecret(h.Path, DomainHarness.Operator, null, SecretValue.Create("x-typed-by-hand"))).Rejection!.Field);
        Assert.Equal(3, h.Log.Count);
    }

    [Fact]
    public void Dual_write_arms_the_idle_login_tests_it_and_retires_the_old_login_after_promotion()
    {
        var h = Created();
        h.Send(new ObserveConsumer(ConsumerId.Parse("api"), 1));
        var id = Rotate(h, RotationStrategy.DualWrite);
        Assert.Equal("app_b", h.State.Armed[2]);
        Assert.Equal(RotationPhase.ArmingTarget, h.State.Rotation!.Phase);
        Assert.Empty(h.State.RetirableAtTarget());
        Armed(h, id);
        Assert.True(h.State.DualMode);
        Assert.Equal([1, 2], h.State.ValidVersions);
        Assert.Empty(h.State.RetirableAtTarget());

        h.Send(new PromoteRotation(h.Path, DomainHarness.Operator));
        Assert.Null(h.State.Rotation);
        Assert.Equal([new KeyValuePair<int, string>(1, "app_a")], h.State.RetirableAtTarget());
        // Being retired counts as retired: a rollback now would race the retirement at the server.
        Assert.Equal(RejectionCode.InvalidState, h.Send(new RollbackSecret(h.Path, DomainHarness.Operator)).Rejection!.Code);
        Assert.Single(h.Send(new CompleteTargetRetirement(1, "app_a", "promoted")).Events.OfType<TargetRetired>());
        Assert.Empty(h.State.RetirableAtTarget());
        // The old login is gone at the target, so a rollback to it would hand out a refused credential.
        Assert.Equal(RejectionCode.InvalidState, h.Send(new RollbackSecret(h.Path, DomainHarness.Operator)).Rejection!.Code);

        // The next rotation arms the first login again.
        Rotate(h, RotationStrategy.DualWrite);
        Assert.Equal("app_a", h.State.Armed[3]);
    }

    [Fact]
    public void Blue_green_keeps_the_idle_login_until_the_next_rotation_rearms_it()
    {
        var h = Created();
        Armed(h, Rotate(h, RotationStrategy.BlueGreen));
        Assert.Null(h.State.Rotation);
        Assert.Equal([1, 2], h.State.ValidVersions);
        Assert.Empty(h.State.RetirableAtTarget());
        // Rollback is one pointer switch while the idle login still logs in.
        Assert.False(h.Send(new RollbackSecret(h.Path, DomainHarness.Operator)).IsRejected);
        Assert.Equal(1, h.State.Current);

        Armed(h, Rotate(h, RotationStrategy.BlueGreen));
        Assert.Equal(3, h.State.Current);
        Assert.Equal(new Dictionary<int, string> { [1] = "app_a", [3] = "app_b" }, h.State.Armed);
        Assert.Equal([1, 3], h.State.ValidVersions);
    }

    [Fact]
    public void A_failed_target_step_keeps_the_current_value_and_disarms_the_candidate()
    {
        var h = Created();
        var id = Rotate(h, RotationStrategy.BlueGreen);
        var d = h.Send(new CompleteTargetArming(id, 2, false, false, "permission denied to alter role", 7));
        var result = Assert.IsType<RotationOutcome>(d.Reply).Result;
        Assert.Equal(RotationStatus.Failed, result.Status);
        Assert.Contains("permission denied", result.Error);
        Assert.Equal(1, h.State.Current);
        Assert.Equal([1], h.State.ValidVersions);
        Assert.Equal([new KeyValuePair<int, string>(2, "app_b")], h.State.RetirableAtTarget());
    }

    [Fact]
    public void A_failed_login_test_fails_the_rotation_and_leaves_the_old_login_armed()
    {
        var h = Created();
        var id = Rotate(h, RotationStrategy.DualWrite);
        Armed(h, id, verified: false);
        var d = h.Send(new CompleteVerification(id, 1, [new CheckOutcome(SecretDecider.BackendTestName("pg"), false, "password authentication failed", 3)]));
        Assert.Equal(RotationStatus.Failed, Assert.IsType<RotationOutcome>(d.Reply).Result.Status);
        Assert.Equal(1, h.State.Current);
        Assert.Equal("app_a", h.State.Armed[1]);
        Assert.Equal([2], h.State.RetirableAtTarget().Select(a => a.Key));
    }

    [Fact]
    public void A_late_or_foreign_target_result_changes_nothing()
    {
        var h = Created();
        var id = Rotate(h, RotationStrategy.DualWrite);
        Assert.Empty(h.Send(new CompleteTargetArming(RotationId.New(), 2, true, false, "x", 1)).Events);
        Assert.Empty(h.Send(new CompleteTargetArming(id, 3, true, false, "x", 1)).Events);
        Assert.Empty(h.Send(new CompleteTargetRetirement(1, "app_a", "not retirable now")).Events);
        Assert.Equal(RotationPhase.ArmingTarget, h.State.Rotation!.Phase);
    }

    [Fact]
    public void Redis_keeps_one_user_with_both_passwords_during_dual_mode()
    {
        var h = Created("cache", "app");
        var d = h.Send(new RotateSecret(h.Path, DomainHarness.Operator, new RotationPolicy { Strategy = RotationStrategy.DualWrite, RequireVerification = false }));
        Assert.False(d.IsRejected);
        Assert.Equal(new Dictionary<int, string> { [1] = "app", [2] = "app" }, h.State.Armed);
    }
}
