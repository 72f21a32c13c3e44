using System.Diagnostics;
using System.Text;

namespace HarombeActors.Backends;

/// <summary>
/// Runs a configured program with a credential in its environment (never its arguments), to its end or until the token
/// is cancelled (then it is killed with its children), and returns its exit code and what it printed: bounded, and with
/// the password replaced by the mask.
/// </summary>
public static class ScrubbedProcess
{
    public const int MaxOutput = 400;

    public static async Task<(int Code, string Output)> RunAsync(string program, IReadOnlyDictionary<string, string> environment, string password, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var output = new StringBuilder();
        void Keep(string? line)
        {
            if (line is null) return;
            lock (output)
            {
                if (output.Length < MaxOutput) output.Append(' ').Append(line);
            }
        }
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        string text;
        lock (output) text = output.ToString().Trim();
        text = text.Replace(password, Domain.Values.SecretValue.Mask, StringComparison.Ordinal);
        return (process.ExitCode, text.Length > MaxOutput ? text[..MaxOutput] + "..." : text);
    }
}

/// <summary>Redis's AUTH on a fresh connection, in plain RESP: the server's own verdict on a username and password.</summary>
public static class RedisAuth
{
    /// <summary>
    /// The server's first reply line to AUTH (<c>+OK</c> when it accepts), then, when accepted and <paramref name="whoAmI"/>
    /// is on, who it says this is (one more round trip: a load generator leaves it off).
    /// </summary>
    public static async Task<(bool Accepted, string Reply, string? WhoAmI)> TryAsync(string host, int port, string username, string password, CancellationToken cancellationToken, bool whoAmI = true)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.UTF8);
        await stream.WriteAsync(Command("AUTH", username, password), cancellationToken).ConfigureAwait(false);
        var reply = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? "";
        if (reply != "+OK") return (false, reply.TrimStart('-'), null);
        if (!whoAmI) return (true, reply, null);
        await stream.WriteAsync(Command("ACL", "WHOAMI"), cancellationToken).ConfigureAwait(false);
        var header = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? "";
        var name = header.StartsWith('$') ? await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) : header.TrimStart('+');
        return (true, reply, name);
    }

    private static byte[] Command(params string[] parts)
    {
        var text = new StringBuilder().Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts) text.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
