using HarombeActors.Domain.Ids;
using HarombeActors.Domain.State;

namespace HarombeActors.Client;

/// <summary>What to consume and how often to say so.</summary>
public sealed record SecretConsumerOptions(SecretPath Path, ConsumerId ConsumerId)
{
    /// <summary>
    /// A client presents the preferred credential; a resource (what checks credentials) accepts every valid one and is
    /// told about a new value before any client uses it.
    /// </summary>
    public ConsumerRole Role { get; init; } = ConsumerRole.Client;

    /// <summary>Heartbeats carry the version in use; a notice triggers one at once in addition.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one read may take before it counts as failed (the last known value keeps serving).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
