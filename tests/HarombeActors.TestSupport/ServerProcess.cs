using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HarombeActors.TestSupport;

/// <summary>Runs the machine's programs for the test servers: as root, as a service user when the program refuses root.</summary>
public static class ServerProcess
{
    public static bool IsRoot => Environment.UserName == "root";

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a program to its end (bounded) and returns its output; throws with the output when it fails.</summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> args, string? asUser = null, TimeSpan? limit = null)
    {
        var info = asUser is not null && IsRoot ? new ProcessStartInfo("runuser") : new ProcessStartInfo(program);
        if (asUser is not null && IsRoot)
        {
            foreach (var a in (string[])["-u", asUser, "--", program]) info.ArgumentList.Add(a);
        }
        foreach (var a in args) info.ArgumentList.Add(a);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish");
        }
        var output = await stdout + await stderr;
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}: {output}");
    }
}
