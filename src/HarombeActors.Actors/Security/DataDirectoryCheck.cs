using HarombeActors.Actors.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Actors.Security;

/// <summary>
/// Warns at start when the data directory or a file in it (journal, snapshots, sharding, the key, tokens, certificates
/// and keys) can be read by anyone but its owner: they are created 0600 in a 0700 directory, so a looser mode means
/// someone changed it, or the files were copied without their modes.
/// </summary>
public sealed class DataDirectoryCheck(HarombeOptions options, ILogger<DataDirectoryCheck> logger) : IHostedService
{
    private const UnixFileMode OthersMayRead = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows()) return Task.CompletedTask;
        var dir = options.FullDataDir;
        if (!Directory.Exists(dir)) return Task.CompletedTask;
        foreach (var loose in Loose(dir)) logger.LogWarning("{Path} is readable by others (mode {Mode}): it should be owner-only; chmod go= it", loose.Path, loose.Mode);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The data directory and its files that others may read or write.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static IReadOnlyList<(string Path, string Mode)> Loose(string dir)
    {
        var loose = new List<(string, string)>();
        if ((File.GetUnixFileMode(dir) & (OthersMayRead | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            loose.Add((dir, Octal(File.GetUnixFileMode(dir))));
        foreach (var file in Directory.EnumerateFiles(dir))
        {
            var mode = File.GetUnixFileMode(file);
            if ((mode & OthersMayRead) != 0) loose.Add((file, Octal(mode)));
        }
        return loose;
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
