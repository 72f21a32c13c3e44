using System.Text.Json.Serialization;
using HarombeActors.Domain.Ids;

namespace HarombeActors.Domain.State;

/// <summary>
/// The caller's key of the latest change that came with one, and what it made: the rotation it started, or the version
/// it wrote. A repeat of that request is answered from here instead of changing the secret again.
/// </summary>
/// <param name="Verb">Added later: the rollback, cancel or promote the id was used for (null: a write or a rotation, told apart as before).</param>
/// <param name="Outcome">Added later: what that rollback, cancel or promote answered, answered again to a repeat.</param>
public sealed record RequestedChange(string RequestId, RotationId? RotationId = null, int? Version = null, string? Verb = null, Rotation.RotationResult? Outcome = null)
{
    /// <summary>What the id was used for (derived, so not persisted).</summary>
    [JsonIgnore]
    public string Kind => Verb ?? (RotationId is not null ? Decisions.SecretDecider.RotateVerb : Decisions.SecretDecider.WriteVerb);
}
