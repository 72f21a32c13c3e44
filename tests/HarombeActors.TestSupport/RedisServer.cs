using System.Diagnostics;

namespace HarombeActors.TestSupport;

/// <summary>
/// A private Redis server (6+, ACL users) for one test run on a free loopback port, no persistence, the default user
/// protected by a password; killed by PID on dispose. Uses the machine's redis-server (apt-get install redis-server).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port, string password)
    {
        _process = process;
        Port = port;
        AdminPassword = password;
    }

    public int Port { get; }
    public string AdminPassword { get; }
    public string Endpoint => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var program = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
                      ?? throw new InvalidOperationException("Redis is not installed (no redis-server): apt-get install redis-server. .ci/run installs it.");
        var port = ServerProcess.FreeLoopbackPort();
        var password = Guid.NewGuid().ToString("N");
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--requirepass", password, "--protected-mode", "yes"])
            info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, port, password);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return server;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
