using System.Collections.Concurrent;
using System.Diagnostics;

namespace HarombeActors.Cli.Tests.Support;

/// <summary>A sample consumer process (a client node) whose stdout lines are collected; killed by PID on dispose.</summary>
public sealed class ConsumerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private ConsumerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            _lines.Enqueue(e.Data);
            _arrived.Release();
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyCollection<string> Lines => _lines.ToArray();

    public static ConsumerProcess Start(HostProcess host, string path, string consumerId) =>
        new(Process.Start(Processes.Dotnet(Processes.SampleConsumerDll,
            ["--path", path, "--consumer-id", consumerId, "--seed", host.Contact, "--heartbeat-seconds", "1"]))!);

    /// <summary>Waits for a stdout line matching <paramref name="match"/> (lines seen before count too).</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (_lines.FirstOrDefault(match) is { } line) return line;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _process.HasExited)
                throw new TimeoutException($"no matching line (exited: {_process.HasExited}); saw: {string.Join(" | ", _lines)}");
            await _arrived.WaitAsync(left);
        }
    }

    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
