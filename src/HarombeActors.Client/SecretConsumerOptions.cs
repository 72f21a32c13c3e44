using HarombeActors.Domain.Ids;

namespace HarombeActors.Client;

/// <summary>What to consume and how often to say so.</summary>
public sealed record SecretConsumerOptions(SecretPath Path, ConsumerId ConsumerId)
{
    /// <summary>Heartbeats carry the version in use; a notice triggers one at once in addition.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one read may take before it counts as failed (the last known value keeps serving).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
