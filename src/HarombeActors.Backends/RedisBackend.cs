using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using HarombeActors.Actors.Targets;
using HarombeActors.Domain.Targets;
using StackExchange.Redis;

namespace HarombeActors.Backends;

/// <summary>
/// Redis 6+ ACL users: a user holds several passwords at once, so dual mode maps one to one. Arming adds the
/// candidate's password, retiring removes the old one; the user keeps its name and its rules. Passwords are sent as
/// their SHA-256 (<c>#hash</c>, <c>!hash</c>), never as plaintext.
/// </summary>
public sealed class RedisBackend : ICredentialBackend, IAsyncDisposable
{
    /// <summary>The rules a user created by the backend gets (an existing user keeps its own).</summary>
    /// <summary>Every key and channel, every command but the administrative and dangerous ones (no ACL, CONFIG, FLUSHALL...).</summary>
    public const string DefaultRules = "~* &* +@all -@admin -@dangerous";

    private readonly ConfigurationOptions _admin;
    private readonly string _rules;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public RedisBackend(string name, string adminConnection, string? rules = null)
    {
        Name = name;
        _admin = ConfigurationOptions.Parse(adminConnection);
        _admin.AbortOnConnectFail = true;
        // CLIENT LIST (session counts) is an admin command to StackExchange.Redis.
        _admin.AllowAdmin = true;
        _admin.ConnectTimeout = Math.Min(_admin.ConnectTimeout, 5000);
        _rules = string.IsNullOrWhiteSpace(rules) ? DefaultRules : rules;
        var (host, port) = _admin.EndPoints.FirstOrDefault() switch
        {
            DnsEndPoint dns => (dns.Host, dns.Port),
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            _ => throw new ArgumentException("the admin connection names no endpoint", nameof(adminConnection)),
        };
        Info = new BackendInfo(TargetKind.Redis, host, port == 0 ? 6379 : port);
        // The login test speaks plain RESP: refused beyond loopback, and with TLS, rather than sending a password in clear.
        if (_admin.Ssl) throw new ArgumentException("TLS to Redis is not supported yet by this backend's login test");
        if (!(host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address))))
            throw new ArgumentException($"Redis at {host} is beyond loopback, and this backend speaks plaintext to it; only a loopback Redis is supported yet");
    }

    public string Name { get; }

    public BackendInfo Info { get; }

    public async Task PrepareAsync(string username, ManagedCredential first, CancellationToken cancellationToken)
    {
        Check(username, first.Username);
        var db = await AdminAsync(cancellationToken).ConfigureAwait(false);
        var existing = await db.ExecuteAsync("ACL", "GETUSER", username).WaitAsync(cancellationToken).ConfigureAwait(false);
        // An existing user (the admin, another application's, another secret's) is never adopted: adding a password to it
        // would hand its rights to whoever reads the secret.
        if (!existing.IsNull) throw new InvalidOperationException($"user {username} exists already; choose another username (or delete the user)");
        var args = new List<object> { "SETUSER", username, "reset", "on", "#" + Hash(first.Password) };
        args.AddRange(_rules.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        await db.ExecuteAsync("ACL", args).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ArmAsync(string username, ManagedCredential candidate, CancellationToken cancellationToken)
    {
        Check(username, candidate.Username);
        var db = await AdminAsync(cancellationToken).ConfigureAwait(false);
        await db.ExecuteAsync("ACL", "SETUSER", username, "on", "#" + Hash(candidate.Password)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RetireAsync(string username, ManagedCredential retired, CancellationToken cancellationToken)
    {
        Check(username, retired.Username);
        var db = await AdminAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await db.ExecuteAsync("ACL", "SETUSER", username, "!" + Hash(retired.Password)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("does not exist", StringComparison.Ordinal))
        {
            // Removed already (a retirement that ran before a crash): retiring is idempotent.
        }
    }

    /// <summary>The admin may read the user's ACL (so it may change it), and the user exists.</summary>
    public async Task<CheckVerdict> PreflightAsync(string username, CancellationToken cancellationToken)
    {
        var db = await AdminAsync(cancellationToken).ConfigureAwait(false);
        var user = await db.ExecuteAsync("ACL", "GETUSER", username).WaitAsync(cancellationToken).ConfigureAwait(false);
        return user.IsNull
            ? new CheckVerdict(false, $"user {username} does not exist at the server")
            : new CheckVerdict(true, $"the admin connection manages ACL users; {username} exists");
    }

    /// <summary>Connections authenticated as the user (CLIENT LIST).</summary>
    public async Task<IReadOnlyDictionary<string, int>> SessionsAsync(string username, CancellationToken cancellationToken)
    {
        var db = await AdminAsync(cancellationToken).ConfigureAwait(false);
        var list = (string?)await db.ExecuteAsync("CLIENT", "LIST").WaitAsync(cancellationToken).ConfigureAwait(false) ?? "";
        var count = list.Split('\n').Count(line => line.Split(' ').Contains("user=" + username));
        return new Dictionary<string, int> { [username] = count };
    }

    /// <summary>AUTH on a fresh connection, then ACL WHOAMI: passes only when the server says it is this user.</summary>
    public async Task<CheckVerdict> TryLoginAsync(ManagedCredential credential, CancellationToken cancellationToken)
    {
        var (accepted, reply, name) = await RedisAuth.TryAsync(Info.Host, Info.Port, credential.Username, credential.Password, cancellationToken).ConfigureAwait(false);
        if (!accepted) return new CheckVerdict(false, $"{credential.Username} refused: {reply}");
        return name == credential.Username
            ? new CheckVerdict(true, $"authenticated as {credential.Username}")
            : new CheckVerdict(false, $"authenticated, but not as {credential.Username}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
        _connecting.Dispose();
    }

    private async Task<IDatabase> AdminAsync(CancellationToken cancellationToken)
    {
        await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _connection ??= await ConnectionMultiplexer.ConnectAsync(_admin).WaitAsync(cancellationToken).ConfigureAwait(false);
            return _connection.GetDatabase();
        }
        finally
        {
            _connecting.Release();
        }
    }

    private static string Hash(string password) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password)));

    private static void Check(string username, string login)
    {
        if (TargetKind.Redis.ValidateUsername(username) is { } bad) throw new ArgumentException(bad.Message, nameof(username));
        if (login != username) throw new ArgumentException($"login '{login}' is not the user {username}", nameof(login));
    }
}
