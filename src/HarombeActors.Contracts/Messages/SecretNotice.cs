using HarombeActors.Domain.Ids;

namespace HarombeActors.Contracts.Messages;

/// <summary>
/// Something that happened to a secret, published on the cluster's <see cref="Topic"/> (DistributedPubSub) once it is
/// persisted, for operators' tools (the front door's event stream, later webhooks). Never carries a value.
/// </summary>
public sealed record SecretNotice(
    string Kind, SecretPath Path, DateTimeOffset At, string? RotationId = null, string? By = null, string? Trigger = null, string? Reason = null,
    int? OldVersion = null, int? NewVersion = null, string? Outcome = null, string? Fingerprint = null) : IHarombeMessage
{
    public const string Topic = "harombe-secret-events";
}
