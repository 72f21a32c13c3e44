using System.Diagnostics;
using System.Text.Json;

namespace HarombeActors.Cli.Tests.Support;

/// <summary>
/// A real host process on free loopback ports with a temporary data directory; stopped by PID on dispose. A class
/// fixture shares one among a class's tests that only add secrets of their own paths; a test that kills, restarts or
/// counts starts its own with <see cref="StartNewAsync"/>, so no other test can change what it sees. Subclasses
/// (fixtures of their own) add settings through <see cref="Settings"/> and <see cref="Arguments"/>.
/// </summary>
public class HostProcess : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>
    /// Split-brain-resolver stable-after of the hosts and client nodes in these tests. Shorter than the production 20 s
    /// so a killed client node is downed within seconds; not the 2 s it was, with which a few seconds of CPU
    /// starvation (four test assemblies on two cores) could get a live node downed.
    /// </summary>
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(10);

    /// <summary>A named operator besides the default one: the events its commands write say "by alice".</summary>
    public const string AliceToken = "alice-token-for-the-e2e-tests";

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

    public Task<CliRun> RunAsync(params string[] args) => WithTail(Processes.RunCliAsync(Cli(args)));

    public Task<CliRun> PipeAsync(string stdin, params string[] args) => WithTail(Processes.RunCliAsync(Cli(args), stdin));

    /// <summary>A CLI that never finished says so with the host's last lines, which usually say why.</summary>
    public async Task<CliRun> WithTail(Task<CliRun> run)
    {
        try
        {
            return await run;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nhost output:\n{Tail}", e);
        }
    }

    public virtual Task InitializeAsync() => StartAsync();

    /// <summary>A host of the calling test's own.</summary>
    public static async Task<HostProcess> StartNewAsync()
    {
        var host = new HostProcess();
        await host.StartAsync();
        return host;
    }

    /// <summary>Stops the host gracefully (SIGTERM, as Ctrl+C would) and starts it again on the same ports and files.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        _process?.Dispose();
        await StartAsync();
    }

    /// <summary>Stops the host gracefully (SIGTERM): it leaves the cluster and hands its shards over first.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill!.WaitForExitAsync();
            // A graceful stop takes about a second; the bound only catches a host that never stops, and says why.
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the host did not stop within 90 s of SIGTERM:\n{Tail}");
            }
        }
    }

    /// <summary>Whether the host process has ended (by itself, or stopped).</summary>
    public bool HasExited => _process is null || _process.HasExited;

    private async Task StartAsync()
    {
        var info = Processes.Dotnet(Processes.HostDll, ["--port", Port.ToString(), "--api-port", ApiPort.ToString(), "--data-dir", DataDir, .. Arguments]);
        info.Environment["Harombe__SplitBrainStableAfter"] = StableAfter.ToString("c");
        info.Environment["Harombe__OperatorTokens__alice"] = AliceToken;
        foreach (var (key, value) in Settings) info.Environment[key] = value;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // Ready as the host itself says (member Up, the region's coordinator answering, the journal written and read).
        using var http = Http();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var last = "";
        while (true)
        {
            if (_process.HasExited)
            {
                // The parameterless wait also waits for the redirected output to reach its end: without it the last line
                // (the reason a host refused to start) could still be on its way when the tail is read.
                _process.WaitForExit();
                throw new InvalidOperationException($"host exited with {_process.ExitCode}:\n{Tail}");
            }
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

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public virtual async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try { Directory.Delete(DataDir, true); } catch (IOException) { }
    }

    /// <summary>Polls the consumer list until its size satisfies <paramref name="enough"/> (wide bound; the failure says what was seen).</summary>
    public async Task<JsonElement> ConsumersAsync(string path, Func<int, bool> enough)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var run = await RunAsync("secret", "consumers", path, "--json");
            if (run.ExitCode == 0 && Json(run).GetProperty("consumers") is var list && enough(list.GetArrayLength())) return list;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"consumers of {path} never reached the expected count: {run}\nhost output:\n{Tail}");
        }
    }

    /// <summary>Polls the secret's status until <paramref name="done"/> holds for it.</summary>
    public async Task<JsonElement> StatusWhenAsync(string path, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var run = await RunAsync("secret", "status", path, "--json");
            if (run.ExitCode == 0 && done(Json(run))) return Json(run);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"status of {path} never got there: {run}\nhost output:\n{Tail}");
        }
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
