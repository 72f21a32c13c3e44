namespace HarombeActors.Contracts.Messages;

/// <summary>
/// The master key's check value, persisted once beside the data (persistence id "harombe-key-check", in the journal,
/// so hosts sharing a database share it too) and compared on every start: a host with another key refuses to start
/// instead of writing versions no other host can open.
/// </summary>
public sealed record MasterKeyChecked(string CheckValue, DateTimeOffset At) : IHarombeMessage;
