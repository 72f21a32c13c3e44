namespace HarombeActors.Actors.Configuration;

/// <summary>
/// A setting that cannot work, found before anything starts. The host prints the message (which names the setting and
/// what to do) and exits with code 2, never a stack trace.
/// </summary>
public sealed class HarombeConfigurationException(string message) : Exception(message);
