namespace HarombeActors.Contracts.Messages;

/// <summary>
/// The readiness probe's write to the journal (persistence id "harombe-health-..."): written, read back, and the older
/// ones deleted, so the probe table stays one row per host. Never a secret's event.
/// </summary>
public sealed record JournalProbeWritten(string Nonce, DateTimeOffset At) : IHarombeMessage;
