using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Verification;
using HarombeActors.Domain.Targets;
using Npgsql;

namespace HarombeActors.Backends;

/// <summary>
/// The built-in verification tests, configured by name. The candidate is either a credential document (a managed
/// secret's value: its username, host and port are used) or a bare password (the configured username and host).
/// Messages never hold the candidate (the runner scrubs them as well).
/// </summary>
public static class BuiltInChecks
{
    public static IVerificationTest Create(string name, CheckOptions o)
    {
        var field = $"Harombe:Verification:{name}";
        string Required(string? value, string key) => string.IsNullOrWhiteSpace(value) ? throw new HarombeConfigurationException($"{field}:{key}: is required for a {o.Kind} test") : value;
        int PortOf(int port) => port is > 0 and <= 65535 ? port : throw new HarombeConfigurationException($"{field}:Port: must be 1 to 65535 (got {port})");
        return o.Kind?.ToLowerInvariant() switch
        {
            "postgres-login" => new Check(name, (c, t) => PostgresLoginAsync(c, o, t)),
            "redis-auth" => new Check(name, (c, t) => RedisAuthAsync(c, o, t)),
            "tcp" => Tcp(name, Required(o.Host, "Host"), PortOf(o.Port)),
            "http" => Http(name, field, Required(o.Url, "Url")),
            "command" => Command(name, Path.IsPathFullyQualified(Required(o.Program, "Program")) ? o.Program! : throw new HarombeConfigurationException($"{field}:Program: must be an absolute path")),
            _ => throw new HarombeConfigurationException($"{field}:Kind: must be one of postgres-login, redis-auth, http, tcp, command (got '{o.Kind}')"),
        };
    }

    private sealed class Check(string name, Func<ManagedCredential, CancellationToken, Task<CheckResult>> run) : IVerificationTest
    {
        public string Name => name;

        public Task<CheckResult> RunAsync(VerificationContext context, CancellationToken cancellationToken) =>
            run(ManagedCredential.Parse(context.Candidate) ?? new ManagedCredential("", context.Candidate.RevealPlaintext(), "", 0, null), cancellationToken);
    }

    private static async Task<CheckResult> PostgresLoginAsync(ManagedCredential c, CheckOptions o, CancellationToken cancel)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = c.Host.Length > 0 ? c.Host : o.Host, Port = c.Port > 0 ? c.Port : o.Port > 0 ? o.Port : 5432,
            Database = c.Database ?? o.Database, Username = c.Username.Length > 0 ? c.Username : o.Username, Password = c.Password, Pooling = false, Timeout = 5,
        };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancel);
            await using var command = new NpgsqlCommand("SELECT session_user", connection);
            var user = (string?)await command.ExecuteScalarAsync(cancel);
            return user == builder.Username ? new CheckResult(true, $"logged in to {builder.Host}:{builder.Port} as {user}") : new CheckResult(false, "logged in as someone else");
        }
        catch (PostgresException e)
        {
            return new CheckResult(false, $"{builder.Username} refused: {e.SqlState} {e.MessageText}");
        }
    }

    private static async Task<CheckResult> RedisAuthAsync(ManagedCredential c, CheckOptions o, CancellationToken cancel)
    {
        var user = c.Username.Length > 0 ? c.Username : o.Username ?? "default";
        var (accepted, reply, _) = await RedisAuth.TryAsync(c.Host.Length > 0 ? c.Host : o.Host ?? "127.0.0.1", c.Port > 0 ? c.Port : o.Port > 0 ? o.Port : 6379, user, c.Password, cancel);
        return accepted ? new CheckResult(true, $"authenticated as {user}") : new CheckResult(false, $"{user} refused: {reply}");
    }

    private static Check Tcp(string name, string host, int port) => new(name, (_, t) => TcpAsync(host, port, t));

    private static Check Command(string name, string program) => new(name, (c, t) => CommandAsync(program, c, t));

    /// <summary>Reachability only: it checks that something answers, and says so; it never claims the credential works.</summary>
    private static async Task<CheckResult> TcpAsync(string host, int port, CancellationToken cancel)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, cancel);
        return new CheckResult(true, $"{host}:{port} accepts connections (the credential itself was not presented)");
    }

    private static Check Http(string name, string field, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback))))
            throw new HarombeConfigurationException($"{field}:Url: must be an https:// URL, or http:// to loopback (got '{url}'): the candidate travels in a header");
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        return new Check(name, async (c, cancel) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", c.Password);
            using var answer = await http.SendAsync(request, cancel);
            return new CheckResult(answer.IsSuccessStatusCode, $"{uri.GetLeftPart(UriPartial.Path)} answered {(int)answer.StatusCode}");
        });
    }

    private static async Task<CheckResult> CommandAsync(string program, ManagedCredential c, CancellationToken cancel)
    {
        var (code, output) = await ScrubbedProcess.RunAsync(program, new Dictionary<string, string> { ["HAROMBE_PASSWORD"] = c.Password, ["HAROMBE_LOGIN"] = c.Username }, c.Password, cancel);
        return new CheckResult(code == 0, $"exited {code}{(output.Length == 0 ? "" : ": " + output)}");
    }
}
