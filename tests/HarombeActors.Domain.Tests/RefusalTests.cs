using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Generation;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Values;
using static HarombeActors.Domain.Tests.Scenario;

namespace HarombeActors.Domain.Tests;

/// <summary>
/// Every refusal of the state machine, word for word: the CLI prints these messages and maps the codes onto its exit
/// codes, so a changed word is a changed contract. A refusal never carries events or a reply.
/// </summary>
public class RefusalTests
{
    private static readonly SecretPath Other = SecretPath.Parse("/secrets/other");

    private static readonly Dictionary<string, Func<Decision>> Attempts = new()
    {
        ["rotate a missing secret"] = () => new DomainHarness().Rotate(NoVerify),
        ["set a policy on a missing secret"] = () => new DomainHarness().Send(new SetPolicy(new DomainHarness().Path, NoVerify, DomainHarness.Operator)),
        ["heartbeat for a missing secret"] = () => new DomainHarness().Report("svc-a", 1),
        ["roll back without a previous version"] = () => Seeded().Rollback(),
        ["cancel without a rotation"] = () => ToSeeded(h => new CancelRotation(h.Path, DomainHarness.Operator)),
        ["promote without a dual-write"] = () => ToSeeded(h => new PromoteRotation(h.Path, DomainHarness.Operator)),
        ["write the current value again"] = () => Seeded("same").Write("same"),
        ["rotate to the current value"] = () => Seeded("same").Rotate(NoVerify, "same"),
        ["rotate with a value and a generator"] = () => ToSeeded(h =>
            new RotateSecret(h.Path, DomainHarness.Operator, NoVerify, SecretValue.Create("v"), GeneratorSpec.Default)),
        ["rotate with an empty trigger"] = () => RotateWithTrigger(""),
        ["rotate with a blank trigger"] = () => RotateWithTrigger("  "),
        ["rotate with a 65-character trigger"] = () => RotateWithTrigger(new string('t', 65)),
        ["a command for another secret"] = () => Seeded().Send(new CancelRotation(Other, DomainHarness.Operator)),
        ["something that is not a command"] = () => Seeded().Send("rotate please"),
        ["heartbeat for a version that does not exist"] = () => Rotated().Report("svc-a", 9),
    };

    public static TheoryData<string, RejectionCode, string, string?> Refusals => new()
    {
        { "rotate a missing secret", RejectionCode.NotFound, "secret /secrets/db/password does not exist; write it first", null },
        { "set a policy on a missing secret", RejectionCode.NotFound, "secret /secrets/db/password does not exist; write it first", null },
        { "heartbeat for a missing secret", RejectionCode.NotFound, "secret /secrets/db/password does not exist; write it first", null },
        { "roll back without a previous version", RejectionCode.InvalidState, "/secrets/db/password has no previous version to roll back to", null },
        { "cancel without a rotation", RejectionCode.InvalidState, "no rotation of /secrets/db/password is in progress", null },
        { "promote without a dual-write", RejectionCode.InvalidState, "/secrets/db/password has no dual-write rotation waiting for consumers", null },
        { "write the current value again", RejectionCode.BadInput, "value: equals the current value; nothing to write", "value" },
        { "rotate to the current value", RejectionCode.BadInput, "value: equals the current value; a rotation needs a new value", "value" },
        { "rotate with a value and a generator", RejectionCode.BadInput, "value: give either a value or a generator, not both", "value" },
        { "rotate with an empty trigger", RejectionCode.BadInput, "trigger: must be 1 to 64 characters", "trigger" },
        { "rotate with a blank trigger", RejectionCode.BadInput, "trigger: must be 1 to 64 characters", "trigger" },
        { "rotate with a 65-character trigger", RejectionCode.BadInput, "trigger: must be 1 to 64 characters", "trigger" },
        { "a command for another secret", RejectionCode.BadInput, "path: /secrets/other was delivered to /secrets/db/password", "path" },
        { "something that is not a command", RejectionCode.BadInput, "command: String is not a secret command", "command" },
        { "heartbeat for a version that does not exist", RejectionCode.BadInput, "version: v9 does not exist for /secrets/db/password (latest is v2)", "version" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Each_refusal_has_its_code_field_and_exact_message(string attempt, RejectionCode code, string message, string? field) =>
        Attempts[attempt]().AssertRejected(code, message, field);

    [Fact]
    public void A_64_character_trigger_is_accepted_and_recorded()
    {
        var trigger = new string('t', 64);
        var d = RotateWithTrigger(trigger);
        Assert.Null(d.Rejection);
        Assert.Equal(trigger, Assert.IsType<Events.RotationStarted>(d.Events[0]).Trigger);
    }

    public static TheoryData<RotationPolicy, string> InFlight => new()
    {
        { Policy(RotationStrategy.Staged, verify: true), "staged, phase verifying" },
        { Policy(RotationStrategy.DualWrite), "dual-write, phase waiting-for-consumers" },
        { Policy(RotationStrategy.DualWrite) with { OnMigrationTimeout = MigrationTimeoutAction.Hold }, "dual-write, phase holding" },
    };

    [Theory]
    [MemberData(nameof(InFlight))]
    public void A_change_during_a_rotation_is_a_conflict_naming_the_rotation_its_phase_start_and_starter(RotationPolicy policy, string running)
    {
        var h = Seeded("old-value", "stuck");
        h.Started(policy);
        if (policy.OnMigrationTimeout == MigrationTimeoutAction.Hold) h.Deadline();
        var r = h.State.Rotation!;
        var expected = $"Rotation already in progress: {r.Id} ({running}, started {r.StartedAt:O} by alice)";
        h.Rotate(NoVerify, "other-value").AssertRejected(RejectionCode.Conflict, expected);
        h.Write("written-value").AssertRejected(RejectionCode.Conflict, expected);
    }

    [Fact]
    public void A_conflict_while_arming_names_the_arming_phase()
    {
        var h = Seeded("old-value");
        h.Report("db", 1, State.ConsumerRole.Resource);
        h.Started(Policy(RotationStrategy.BlueGreen));
        Assert.Contains("(blue-green, phase arming-resources, started ", h.Rollback().Rejection!.Message);
    }

    private static Decision ToSeeded(Func<DomainHarness, object> command)
    {
        var h = Seeded();
        return h.Send(command(h));
    }

    private static DomainHarness Rotated()
    {
        var h = Seeded();
        h.Started(NoVerify);
        return h;
    }

    private static Decision RotateWithTrigger(string trigger) =>
        ToSeeded(h => new RotateSecret(h.Path, DomainHarness.Operator, NoVerify, SecretValue.Create("new-value"), Trigger: trigger));
}
