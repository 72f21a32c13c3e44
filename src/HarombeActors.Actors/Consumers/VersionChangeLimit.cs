namespace HarombeActors.Actors.Consumers;

/// <summary>
/// A token bucket for one consumer's version changes. Every change it reports becomes an event in the secret's
/// journal, so a consumer flapping between versions (a bug, or an attack) must not grow the journal at its own pace:
/// <see cref="Burst"/> changes pass at once (a real rotation needs one or two), then one per <see cref="Refill"/>;
/// changes beyond that are coalesced: only the latest is reported when the bucket allows, so the state stays right.
/// Every rotation notice fills the bucket again, so back-to-back rotations are never slowed down.
/// </summary>
public sealed record VersionChangeLimit(int Burst, TimeSpan Refill)
{
    public static readonly VersionChangeLimit Default = new(10, TimeSpan.FromSeconds(6));
}
