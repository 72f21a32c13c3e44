namespace HarombeActors.Contracts.Messages;

/// <summary>Marker for wire messages defined in this assembly; bound to <see cref="Serialization.HarombeSerializer"/>.</summary>
public interface IHarombeMessage;
