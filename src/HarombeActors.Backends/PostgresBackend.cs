using System.Security.Cryptography;
using HarombeActors.Actors.Targets;
using HarombeActors.Domain.Targets;
using Npgsql;

namespace HarombeActors.Backends;

/// <summary>
/// PostgreSQL, the group-role pattern: a NOLOGIN group role <c>u</c> owns the objects and holds the grants; two login
/// roles <c>u_a</c> and <c>u_b</c> are its members and switch to it at login (<c>SET ROLE</c> by default), so objects
/// created through either stay owned by the group. A rotation arms the idle login role, so both log in during dual mode;
/// retiring disables the old one (NOLOGIN, and a password nobody knows). Passwords travel as SCRAM verifiers only.
/// </summary>
public sealed class PostgresBackend : ICredentialBackend, IAsyncDisposable
{
    private readonly NpgsqlDataSource _admin;
    private readonly NpgsqlConnectionStringBuilder _target;
    private readonly bool _terminateSessions;

    public PostgresBackend(string name, string adminConnection, bool terminateSessions = false)
    {
        Name = name;
        var admin = new NpgsqlConnectionStringBuilder(adminConnection);
        // A statement the host stopped waiting for must not commit much later (a re-arm or retirement landing after
        // the next step): the server gives up on its own within these bounds, below the host's step timeout.
        if (string.IsNullOrEmpty(admin.Options)) admin.Options = "-c statement_timeout=5000 -c lock_timeout=3000";
        _admin = NpgsqlDataSource.Create(admin);
        _target = new NpgsqlConnectionStringBuilder
        {
            Host = admin.Host, Port = admin.Port, Database = admin.Database ?? admin.Username,
            SslMode = admin.SslMode, Timeout = Math.Min(admin.Timeout, 5), Pooling = false,
        };
        _terminateSessions = terminateSessions;
        Info = new BackendInfo(TargetKind.Postgres, admin.Host ?? "localhost", admin.Port, _target.Database);
    }

    public string Name { get; }

    public BackendInfo Info { get; }

    /// <summary>The comment every role the backend creates carries: whose it is, so no other role is ever taken over.</summary>
    public static string Marker(string owner) => "harombe-managed " + owner;

    public async Task PrepareAsync(string username, ManagedCredential first, CancellationToken cancellationToken)
    {
        Check(username, first.Username);
        await using var connection = await _admin.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await using (var query = new NpgsqlCommand(
            "SELECT r.rolname, shobj_description(r.oid, 'pg_authid') FROM pg_roles r WHERE r.rolname = ANY($1)", connection, tx))
        {
            query.Parameters.Add(new NpgsqlParameter { Value = new[] { username, username + "_a", username + "_b" } });
            await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // A role this backend did not create for this username (the admin role, another application's role, or
                // another secret's) is never adopted: granting or re-arming it would hand its rights to whoever reads the
                // secret. Only a creation retried after a crash finds its own marked roles.
                if (reader.IsDBNull(1) || reader.GetString(1) != Marker(username))
                    throw new InvalidOperationException($"role {reader.GetString(0)} exists already and was not created by this backend for {username}; choose another username");
                existing.Add(reader.GetString(0));
            }
        }
        // Identifiers cannot be bound parameters; they are safe to quote because usernames are plain lower-case identifiers
        // (TargetKinds.ValidateUsername) and Check refuses anything else.
        foreach (var role in new[] { username, username + "_a", username + "_b" }.Where(r => !existing.Contains(r)))
        {
            await ExecuteAsync(connection, tx, $"CREATE ROLE \"{role}\" NOLOGIN", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, tx, $"COMMENT ON ROLE \"{role}\" IS '{Marker(username)}'", cancellationToken).ConfigureAwait(false);
        }
        foreach (var login in new[] { username + "_a", username + "_b" })
        {
            await ExecuteAsync(connection, tx, $"GRANT \"{username}\" TO \"{login}\"", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, tx, $"ALTER ROLE \"{login}\" SET role = '{username}'", cancellationToken).ConfigureAwait(false);
        }
        await ExecuteAsync(connection, tx, ArmStatement(first), cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ArmAsync(string username, ManagedCredential candidate, CancellationToken cancellationToken)
    {
        Check(username, candidate.Username);
        await using var connection = await _admin.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, ArmStatement(candidate), cancellationToken).ConfigureAwait(false);
    }

    public async Task<CheckVerdict> TryLoginAsync(ManagedCredential credential, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(_target.ConnectionString) { Username = credential.Username, Password = credential.Password };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT current_user, session_user", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            // Fail-closed: only a session that really runs as the login passes.
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.GetString(1) == credential.Username
                ? new CheckVerdict(true, $"logged in as {credential.Username} (acting as {reader.GetString(0)})")
                : new CheckVerdict(false, $"logged in, but not as {credential.Username}");
        }
        catch (PostgresException ex)
        {
            return new CheckVerdict(false, $"{credential.Username} refused: {ex.SqlState} {ex.MessageText}");
        }
    }

    public async Task RetireAsync(string username, ManagedCredential retired, CancellationToken cancellationToken)
    {
        Check(username, retired.Username);
        await using var connection = await _admin.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // A password nobody knows as well as NOLOGIN: re-enabling the role by mistake does not revive the old credential.
        var unknown = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        await ExecuteAsync(connection, null, $"ALTER ROLE \"{retired.Username}\" WITH NOLOGIN PASSWORD '{ScramVerifier.Compute(unknown)}'", cancellationToken).ConfigureAwait(false);
        // NOLOGIN does not end sessions already open: when configured, they are ended too.
        if (_terminateSessions) await TerminateAsync(connection, retired.Username, cancellationToken).ConfigureAwait(false);
    }

    public async Task EndSessionsAsync(string username, ManagedCredential retired, CancellationToken cancellationToken)
    {
        Check(username, retired.Username);
        await using var connection = await _admin.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await TerminateAsync(connection, retired.Username, cancellationToken).ConfigureAwait(false);
    }

    private static async Task TerminateAsync(NpgsqlConnection connection, string login, CancellationToken cancellationToken)
    {
        await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = $1", connection);
        terminate.Parameters.Add(new NpgsqlParameter { Value = login });
        await terminate.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Open sessions per login role of <paramref name="username"/> (pg_stat_activity): the target's own view of who still uses what.</summary>
    public async Task<IReadOnlyDictionary<string, int>> SessionsAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await _admin.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var query = new NpgsqlCommand("SELECT usename, count(*)::int FROM pg_stat_activity WHERE usename = ANY($1) GROUP BY usename", connection);
        query.Parameters.Add(new NpgsqlParameter { Value = new[] { username + "_a", username + "_b" } });
        var sessions = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) sessions[reader.GetString(0)] = reader.GetInt32(1);
        return sessions;
    }

    public async Task<CheckVerdict> PreflightAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await _admin.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var query = new NpgsqlCommand(
            "SELECT current_user, (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user), "
            + "(SELECT count(*)::int FROM pg_roles r WHERE r.rolname = ANY($1) AND shobj_description(r.oid, 'pg_authid') = $2)", connection);
        query.Parameters.Add(new NpgsqlParameter { Value = new[] { username, username + "_a", username + "_b" } });
        query.Parameters.Add(new NpgsqlParameter { Value = Marker(username) });
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var (admin, mayAlter, ours) = (reader.GetString(0), reader.GetBoolean(1), reader.GetInt32(2));
        if (!mayAlter) return new CheckVerdict(false, $"admin {admin} has neither CREATEROLE nor SUPERUSER: it cannot set passwords");
        return ours == 3
            ? new CheckVerdict(true, $"admin {admin} may alter roles; {username}, {username}_a and {username}_b are this backend's")
            : new CheckVerdict(false, $"admin {admin} may alter roles, but only {ours} of {username}, {username}_a and {username}_b exist as this backend's");
    }

    public ValueTask DisposeAsync() => _admin.DisposeAsync();

    private static string ArmStatement(ManagedCredential credential) =>
        $"ALTER ROLE \"{credential.Username}\" WITH LOGIN PASSWORD '{ScramVerifier.Compute(credential.Password)}'";

    /// <summary>Only this username's own login roles are ever touched, whatever a document says.</summary>
    private static void Check(string username, string login)
    {
        if (TargetKind.Postgres.ValidateUsername(username) is { } bad) throw new ArgumentException(bad.Message, nameof(username));
        if (login != username + "_a" && login != username + "_b") throw new ArgumentException($"login '{login}' is not one of {username}'s login roles", nameof(login));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
