namespace HarombeActors.Cli;

/// <summary>The CLI's exit codes: part of its contract with scripts.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int Unreachable = 3;
    public const int Conflict = 4;
}

/// <summary>A problem found before anything was sent: bad input (exit 2) or no way to reach the API (exit 3).</summary>
public sealed class CliException(int exitCode, string code, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
    public string Code { get; } = code;

    public static CliException BadInput(string message) => new(ExitCodes.BadInput, "bad_input", message);
}
