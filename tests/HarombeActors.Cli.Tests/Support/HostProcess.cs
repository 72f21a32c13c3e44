using System.Diagnostics;
using System.Text.Json;

namespace HarombeActors.Cli.Tests.Support;

/// <summary>
/// A real host process on free loopback ports with a temporary data directory; stopped by PID on dispose. Subclasses
/// (fixtures of their own) add settings through <see cref="Settings"/> and <see cref="Arguments"/>.
/// </summary>
public class HostProcess : IAsyncLifetime
{
    private const int TailLines = 200;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _tail = new();
    private Process? _process;

    /// <summary>The host's last lines of output, for failure messages (a downed or crashed host says why there).</summary>
    public string Tail => string.Join('\n', _tail);

    private void Keep(string? line)
    {
        if (line is null) return;
        _tail.Enqueue(line);
        while (_tail.Count > TailLines) _tail.TryDequeue(out _);
    }

    public string DataDir { get; } = Directory.CreateTempSubdirectory("harombe-e2e-").FullName;
    /// <summary>Remoting: where client nodes join.</summary>
    public int Port { get; } = Actors.Hosting.EmbeddedNode.FreeLoopbackPort();
    /// <summary>The front door: what the CLI and consumers outside the cluster call.</summary>
    public int ApiPort { get; } = Actors.Hosting.EmbeddedNode.FreeLoopbackPort();
    public virtual string Contact => $"127.0.0.1:{ApiPort}";
    public string Seed => $"127.0.0.1:{Port}";
    public virtual Uri ApiUrl => new($"http://127.0.0.1:{ApiPort}");

    /// <summary>Environment variables for the host (configuration such as Harombe__ConsumerTokens__...).</summary>
    protected Dictionary<string, string> Settings { get; } = [];

    /// <summary>More command-line switches for the host.</summary>
    protected List<string> Arguments { get; } = [];

    /// <summary>The global switches every CLI call of these tests passes.</summary>
    public string[] Cli(params string[] args) => [.. args, "--contact", Contact, "--data-dir", DataDir, "--timeout", "15s", .. CliSwitches];

    /// <summary>What else the CLI needs to reach this host (a TLS host: its CA).</summary>
    protected virtual IEnumerable<string> CliSwitches => [];

    public Task<CliRun> RunAsync(params string[] args) => Processes.RunCliAsync(Cli(args));

    public Task<CliRun> PipeAsync(string stdin, params string[] args) => Processes.RunCliAsync(Cli(args), stdin);

    public Task InitializeAsync() => StartAsync();

    /// <summary>Stops the host gracefully (SIGTERM, as Ctrl+C would) and starts it again on the same port and files.</summary>
    public async Task RestartAsync()
    {
        if (_process is { HasExited: false })
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill!.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(cts.Token);
        }
        _process?.Dispose();
        await StartAsync();
    }

    private async Task StartAsync()
    {
        var info = Processes.Dotnet(Processes.HostDll, ["--port", Port.ToString(), "--api-port", ApiPort.ToString(), "--data-dir", DataDir, .. Arguments]);
        info.Environment["Harombe__SplitBrainStableAfter"] = "00:00:02";
        foreach (var (key, value) in Settings) info.Environment[key] = value;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // Ready as the host itself says (member Up, the region's coordinator answering, the journal written and read).
        using var http = Http();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var last = "";
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"host exited with {_process.ExitCode}:\n{Tail}");
            try
            {
                using var ready = await http.GetAsync("/healthz/ready");
                if (ready.IsSuccessStatusCode) return;
                last = await ready.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException e)
            {
                last = e.Message; // not listening yet
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"host not ready: {last}\n{Tail}");
            await Task.Delay(100);
        }
    }

    /// <summary>A fresh folder (inside the data directory, so it goes with it) for a member certificate from this host's CA.</summary>
    public string MemberCertificates() => Directory.CreateDirectory(Path.Combine(DataDir, "members", Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>An HTTP client for the front door (a subclass with TLS trusts its test CA).</summary>
    public virtual HttpClient Http() => new() { BaseAddress = ApiUrl, Timeout = TimeSpan.FromSeconds(10) };

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try { Directory.Delete(DataDir, true); } catch (IOException) { }
    }

    public static JsonElement Json(CliRun run)
    {
        try
        {
            return JsonDocument.Parse(run.Stdout).RootElement;
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException("not one JSON object: " + run);
        }
    }
}
