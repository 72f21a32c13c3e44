namespace HarombeActors.Cli.Tests.Support;

/// <summary>
/// A test that changes the machine's firewall, which only root may do. Run as anyone else it is skipped, saying why;
/// CI runs as root (and .ci/run fails on any skip it does not list), so there it always runs.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !IsRoot())
            Skip = "needs root on Linux: it partitions loopback with iptables (CI runs it as root)";
    }

    private static bool IsRoot() => File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");
}
