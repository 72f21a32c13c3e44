using HarombeActors.Domain.Ids;

namespace HarombeActors.Domain.Rotation;

/// <summary>The caller's key of the latest rotation that came with one, and the rotation it started.</summary>
public sealed record RequestedRotation(string RequestId, RotationId RotationId);
