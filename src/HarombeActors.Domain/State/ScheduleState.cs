namespace HarombeActors.Domain.State;

/// <summary>The next scheduled rotation: when, and which attempt of which retry cycle it is.</summary>
public sealed record DueRotation(DateTimeOffset At, int Attempt, int Cycle, string Reason);

/// <summary>Why the secret needs an operator: scheduled rotation gave up. Its schedule is stopped meanwhile.</summary>
public sealed record NeedsAttention(string Reason, string LastError, DateTimeOffset Since);
