using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;

namespace HarombeActors.Domain.Commands;

// Commands the SecretActor gives its own domain: results of work done off the mailbox, consumer observations and
// timer ticks. They never come from outside, so they carry no path.

/// <summary>Marker for commands the actor feeds its own state machine.</summary>
public interface IInternalCommand;

public sealed record CompleteVerification(RotationId RotationId, int Attempt, IReadOnlyList<CheckOutcome> Results) : IInternalCommand;

/// <summary>A verification retry is due.</summary>
public sealed record RetryVerification(RotationId RotationId) : IInternalCommand;

/// <summary>
/// A consumer reported <paramref name="Version"/>. Liveness comes from the decision context, so the decision can
/// promote in the same batch when this was the last live consumer to move. <paramref name="Registrant"/>: the
/// front-door token it was heard through (null from cluster members); it becomes the owner of a new or unowned record.
/// </summary>
public sealed record ObserveConsumer(ConsumerId ConsumerId, int Version, ConsumerRole Role = ConsumerRole.Client, string? Registrant = null) : IInternalCommand;

/// <summary>Liveness changed or a check interval passed: promote if every live consumer has moved.</summary>
public sealed record EvaluateMigration : IInternalCommand
{
    public static readonly EvaluateMigration Instance = new();
}

/// <summary>The schedule's time <paramref name="DueAt"/> came (ignored unless it is still the secret's next rotation time).</summary>
public sealed record ScheduledRotationDue(DateTimeOffset DueAt) : IInternalCommand;

public sealed record MigrationDeadlineReached(RotationId RotationId) : IInternalCommand;

/// <summary>
/// A stale consumer is to be forgotten (<paramref name="Reason"/> says why). Ignored if the consumer is unknown or live
/// again by the time it is decided: only a stale consumer ever expires.
/// </summary>
public sealed record ExpireConsumer(ConsumerId ConsumerId, string Reason) : IInternalCommand;

/// <summary>The target step of <paramref name="RotationId"/> ended: the candidate is set there, or it could not be.</summary>
public sealed record CompleteTargetArming(RotationId RotationId, int Version, bool Success, bool AlreadyAccepted, string Message, double DurationMs) : IInternalCommand;

/// <summary>Version <paramref name="Version"/> was retired at the target as <paramref name="Login"/>.</summary>
public sealed record CompleteTargetRetirement(int Version, string Login, string Reason) : IInternalCommand;

/// <summary>
/// A managed secret's target was prepared (roles or user created, the first login armed and tested) for
/// <paramref name="Request"/>: <paramref name="Value"/> is its first version.
/// </summary>
public sealed record CompleteManagedCreation(CreateManagedSecret Request, Values.SecretValue Value, string Login, double DurationMs) : IInternalCommand;
