using HarombeActors.Domain.Ids;

namespace HarombeActors.Domain.State;

/// <summary>
/// The caller's key of the latest change that came with one, and what it made: the rotation it started, or the version
/// it wrote. A repeat of that request is answered from here instead of changing the secret again.
/// </summary>
public sealed record RequestedChange(string RequestId, RotationId? RotationId = null, int? Version = null);
