namespace HarombeActors.Actors.Tests.Support;

/// <summary>
/// A fake clock for a test node: real time plus a jump the test makes. Staleness and the migration deadline re-armed
/// after a restart are read from this clock, so a test moves time past them instead of waiting for a wall-clock
/// window, which a loaded machine could overrun either way. Between jumps time runs, so durations stay positive.
/// </summary>
public sealed class FakeClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
