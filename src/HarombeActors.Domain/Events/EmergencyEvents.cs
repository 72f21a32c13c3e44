using HarombeActors.Domain.Emergency;
using HarombeActors.Domain.Ids;

namespace HarombeActors.Domain.Events;

/// <summary>
/// <see cref="By"/> asked for an emergency rotation because of <see cref="Reason"/>. Comes right before the rotation's
/// own events; <see cref="Preempted"/> names the rotation it cancelled first, if one was running.
/// </summary>
public sealed record EmergencyDeclared(SecretPath Path, Principal By, string Reason, string Trigger, RotationId? Preempted, DateTimeOffset At) : ISecretEvent;

/// <summary>A security event was reported against the secret; <see cref="Rotated"/> and <see cref="Decision"/> say what the rules made of it.</summary>
public sealed record SecurityEventReceived(SecretPath Path, Principal By, SecurityEvent Event, bool Rotated, string Decision, DateTimeOffset At) : ISecretEvent;
