using System.Collections.Concurrent;
using System.Diagnostics;

namespace HarombeActors.Cli.Tests.Support;

/// <summary>
/// A sample consumer process whose output lines (stdout and stderr) are collected; killed by PID on dispose. It runs
/// as a client node (a member) or, through the front door, as a process outside the cluster.
/// </summary>
public sealed class ConsumerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private ConsumerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += Collect;
        _process.ErrorDataReceived += Collect;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void Collect(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null) return;
        _lines.Enqueue(e.Data);
        _arrived.Release();
    }

    public IReadOnlyCollection<string> Lines => _lines.ToArray();

    public int Pid => _process.Id;

    /// <summary>A client node: a member with the hosts' split-brain-resolver setting.</summary>
    public static ConsumerProcess Start(HostProcess host, string path, string consumerId)
    {
        var certificates = host.MemberCertificates();
        Actors.Security.ClusterCertificates.IssueForMember(host.DataDir, certificates, consumerId);
        return Run(path, consumerId, ["--seed", host.Seed, "--sbr-stable-after-seconds", HostProcess.StableAfter.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cert-dir", certificates]);
    }

    /// <summary>Not a member: through the host's front door, with the consumer token from the host's data directory unless given.</summary>
    public static ConsumerProcess StartOutside(HostProcess host, string path, string consumerId, string? token = null) =>
        Run(path, consumerId, ["--contact", host.Contact, .. token is null ? (string[])["--data-dir", host.DataDir] : ["--token", token]]);

    private static ConsumerProcess Run(string path, string consumerId, string[] way) =>
        new(Process.Start(Processes.Dotnet(Processes.SampleConsumerDll, ["--path", path, "--consumer-id", consumerId, "--heartbeat-seconds", "1", .. way]))!);

    /// <summary>The Python sample (standard library only) over the front door's HTTP/JSON routes, with the host's consumer token.</summary>
    public static ConsumerProcess StartPython(HostProcess host, string path, string consumerId)
    {
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in (string[])[Processes.RepositoryFile("samples", "python-consumer", "consumer.py"), "--url", host.ApiUrl.ToString(), "--path", path,
                     "--consumer-id", consumerId, "--token-file", Path.Combine(host.DataDir, Protocol.FrontDoor.ConsumerTokenFile), "--heartbeat-seconds", "1"])
            info.ArgumentList.Add(arg);
        info.Environment["PYTHONUNBUFFERED"] = "1";
        return new ConsumerProcess(Process.Start(info)!);
    }

    /// <summary>Waits for a stdout line matching <paramref name="match"/> (lines seen before count too); a wide bound, and what was seen on failure.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            if (_lines.FirstOrDefault(match) is { } line) return line;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _process.HasExited)
                throw new TimeoutException($"no matching line (exited: {_process.HasExited}); saw: {string.Join(" | ", _lines)}");
            await _arrived.WaitAsync(left);
        }
    }

    /// <summary>A crash: the process dies without leaving the cluster.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// A clean stop (SIGTERM, as a deployment would): a client node leaves the cluster instead of turning
    /// unreachable, so tests do not stack crashes (see the README on client nodes crashing together). Killed if it
    /// does not exit within 15 s.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await term!.WaitForExitAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}
