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
/// The few moves most scenarios are made of, so each test reads as its story: seed a secret, rotate it, have
/// consumers report, and read the reply. Values are plain words so a failing assertion names them.
/// </summary>
public static class Scenario
{
    public static readonly RotationPolicy NoVerify = new() { RequireVerification = false };
    public static readonly CheckOutcome Pass = new("db_login", true, "ok", 1);
    public static readonly CheckOutcome Failing = new("db_login", false, "login refused", 1);

    /// <summary>A secret with v1 = <paramref name="value"/> and, when named, client consumers on v1.</summary>
    public static DomainHarness Seeded(string value = "old-value", params string[] clients)
    {
        var h = new DomainHarness();
        Assert.False(h.Write(value).IsRejected);
        foreach (var id in clients) Assert.False(h.Report(id, 1).IsRejected);
        return h;
    }

    public static RotationPolicy Policy(RotationStrategy strategy, bool verify = false, int retries = 0, bool autoRollback = true) =>
        verify
            ? new RotationPolicy { Strategy = strategy, VerificationTests = ["db_login"], MaxRetries = retries, AutoRollback = autoRollback }
            : NoVerify with { Strategy = strategy, AutoRollback = autoRollback };

    public static Decision Rotate(this DomainHarness h, RotationPolicy policy, string value = "new-value") =>
        h.Send(new RotateSecret(h.Path, DomainHarness.Operator, policy, SecretValue.Create(value)));

    /// <summary>A rotation that must be accepted (the scenario is about what follows).</summary>
    public static Decision Started(this DomainHarness h, RotationPolicy policy, string value = "new-value")
    {
        var d = h.Rotate(policy, value);
        Assert.Null(d.Rejection);
        return d;
    }

    public static Decision Report(this DomainHarness h, string id, int version, ConsumerRole role = ConsumerRole.Client) =>
        h.Send(new ObserveConsumer(ConsumerId.Parse(id), version, role));

    public static Decision Verify(this DomainHarness h, params CheckOutcome[] results) =>
        h.Send(new CompleteVerification(h.State.Rotation!.Id, h.State.Rotation.VerificationAttempts, results));

    public static Decision Rollback(this DomainHarness h, string reason = "operator rollback") =>
        h.Send(new RollbackSecret(h.Path, DomainHarness.Operator, reason));

    public static Decision Deadline(this DomainHarness h) => h.Send(new MigrationDeadlineReached(h.State.Rotation!.Id));

    public static RotationResult Outcome(this Decision d) => Assert.IsType<RotationOutcome>(d.Reply).Result;

    public static IReadOnlyList<string> Names(this Decision d) => [.. d.Events.Select(e => e.GetType().Name)];

    /// <summary>Asserts a rejection with its code, field and whole message (the message is part of the contract).</summary>
    public static void AssertRejected(this Decision d, RejectionCode code, string message, string? field = null)
    {
        Assert.Empty(d.Events);
        Assert.Null(d.Reply);
        Assert.Equal(new Rejection(code, message, field), d.Rejection);
    }
}
