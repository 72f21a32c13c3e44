using System.Diagnostics;
using System.Text.Json;

namespace HarombeActors.Cli.Tests.Support;

/// <summary>
/// A real host process on a free loopback port with a temporary data directory; stopped by PID on dispose. A class
/// fixture shares one among a class's tests that only add secrets of their own paths; a test that kills, restarts or
/// counts starts its own with <see cref="StartNewAsync"/>, so no other test can change what it sees.
/// </summary>
public sealed class HostProcess : IAsyncLifetime, IAsyncDisposable
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
    public int Port { get; } = Actors.Hosting.EmbeddedNode.FreeLoopbackPort();
    public string Contact => $"127.0.0.1:{Port}";

    /// <summary>The global switches every CLI call of these tests passes.</summary>
    public string[] Cli(params string[] args) => [.. args, "--contact", Contact, "--data-dir", DataDir, "--timeout", "15s"];

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

    public Task InitializeAsync() => StartAsync();

    /// <summary>A host of the calling test's own.</summary>
    public static async Task<HostProcess> StartNewAsync()
    {
        var host = new HostProcess();
        await host.StartAsync();
        return host;
    }

    /// <summary>Stops the host gracefully (SIGTERM, as Ctrl+C would) and starts it again on the same port and files.</summary>
    public async Task RestartAsync()
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
        _process?.Dispose();
        await StartAsync();
    }

    private async Task StartAsync()
    {
        var info = Processes.Dotnet(Processes.HostDll, ["--port", Port.ToString(), "--data-dir", DataDir]);
        info.Environment["Harombe__SplitBrainStableAfter"] = StableAfter.ToString("c");
        info.Environment["Harombe__OperatorTokens__alice"] = AliceToken;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // Ready when a secret read gets a real answer (the region's coordinator is up), not merely when the port opens.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"host exited with {_process.ExitCode}:\n{Tail}");
            var run = await Processes.RunCliAsync(Cli("secret", "status", "/warmup", "--json"));
            if (run.ExitCode == 1 && run.Stdout.Contains("not_found", StringComparison.Ordinal)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"host not ready: {run}\n{Tail}");
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

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
