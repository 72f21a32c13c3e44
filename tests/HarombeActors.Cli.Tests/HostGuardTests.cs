using System.Diagnostics;
using HarombeActors.Cli.Tests.Support;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// What an unlucky operator does to a host, and what the host does about it: another master key on the same data, a
/// second SQLite host seeded at the first, files whose modes were loosened. Each is refused or reported at start.
/// </summary>
public class HostGuardTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static string NewKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static Task<CliRun> Host(string dir, int port, params string[] args) =>
        Processes.RunProgramAsync(Processes.HostDll, ["--port", port.ToString(), "--api-port", Actors.Hosting.EmbeddedNode.FreeLoopbackPort().ToString(), "--data-dir", dir, .. args], limit: Limit);

    /// <summary>Starts a host until it is ready, then stops it (SIGTERM); returns its output.</summary>
    private static async Task<string> RunOnce(string dir, Dictionary<string, string> environment)
    {
        var api = Actors.Hosting.EmbeddedNode.FreeLoopbackPort();
        var info = Processes.Dotnet(Processes.HostDll, ["--port", Actors.Hosting.EmbeddedNode.FreeLoopbackPort().ToString(), "--api-port", api.ToString(), "--data-dir", dir]);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{api}"), Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow + Limit;
            while (true)
            {
                Assert.False(process.HasExited, string.Join('\n', output));
                Assert.True(DateTime.UtcNow < deadline, "never ready:\n" + string.Join('\n', output));
                try
                {
                    if ((await http.GetAsync("/healthz/ready")).IsSuccessStatusCode) break;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet, or a readiness answer slower than the client's 5 s on a loaded machine (a CI run
                    // saw one while the host started): either way not ready yet, and the deadline above still bounds it.
                }
                await Task.Delay(100);
            }
        }
        finally
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString()])) await term!.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        return string.Join('\n', output);
    }

    [Fact]
    public async Task A_host_restarted_with_another_master_key_refuses_to_start_naming_the_key_source()
    {
        var dir = Directory.CreateTempSubdirectory("harombe-key-").FullName;
        try
        {
            var key = NewKey();
            await RunOnce(dir, new() { ["HAROMBE_MASTER_KEY"] = key });
            // The same key again: fine.
            await RunOnce(dir, new() { ["HAROMBE_MASTER_KEY"] = key });
            var info = Processes.Dotnet(Processes.HostDll, ["--port", Actors.Hosting.EmbeddedNode.FreeLoopbackPort().ToString(), "--api-port", Actors.Hosting.EmbeddedNode.FreeLoopbackPort().ToString(), "--data-dir", dir]);
            info.Environment["HAROMBE_MASTER_KEY"] = NewKey();
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(Limit);
            await process.WaitForExitAsync(cts.Token);
            Assert.Equal(2, process.ExitCode);
            var said = await stderr;
            Assert.Contains("the master key from HAROMBE_MASTER_KEY does not match the key this data was written with", said);
            Assert.DoesNotContain(key, said + await stdout);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task A_sqlite_host_refuses_seeds_other_than_itself()
    {
        var dir = Directory.CreateTempSubdirectory("harombe-seed-").FullName;
        try
        {
            var port = Actors.Hosting.EmbeddedNode.FreeLoopbackPort();
            var run = await Host(dir, port, "--seed", "127.0.0.1:4999");
            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.Contains("Harombe:Seeds: 127.0.0.1:4999: a SQLite host keeps its journal in local files", run.Stderr);
            Assert.Contains("Harombe:Persistence=postgres", run.Stderr);
            Assert.False(File.Exists(Path.Combine(dir, "journal.db")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Data_files_are_owner_only_and_a_loosened_one_is_reported_at_start()
    {
        var dir = Directory.CreateTempSubdirectory("harombe-modes-").FullName;
        Directory.Delete(dir);
        try
        {
            await RunOnce(dir, []);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
            var files = Directory.GetFiles(dir);
            foreach (var expected in new[] { "journal.db", "snapshots.db", "sharding.db", "sharding-snapshots.db", "master.key", "operator.token", "consumer.token", "cluster-ca.pem", "cluster-ca.key", "node.pem", "node.key" })
                Assert.Contains(Path.Combine(dir, expected), files);
            Assert.All(files, f => Assert.True(File.GetUnixFileMode(f) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{f}: {File.GetUnixFileMode(f)}"));

            File.SetUnixFileMode(Path.Combine(dir, "journal.db"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var output = await RunOnce(dir, []);
            Assert.Contains($"{Path.Combine(dir, "journal.db")} is readable by others (mode 0644)", output);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
