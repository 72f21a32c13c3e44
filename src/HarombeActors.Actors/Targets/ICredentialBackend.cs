using HarombeActors.Domain.Targets;

namespace HarombeActors.Actors.Targets;

/// <summary>
/// Where a managed secret's credential is checked (a PostgreSQL server, a Redis server), as the actors see it. Every
/// step is idempotent: the actor may run it again after a crash. Implementations live in HarombeActors.Backends, so
/// this project never talks to a target itself. No method may put a password in an exception message or a log line.
/// </summary>
public interface ICredentialBackend
{
    /// <summary>The configured name (Harombe:Backends:&lt;name&gt;).</summary>
    string Name { get; }

    /// <summary>The kind and the public connection facts a credential document carries.</summary>
    BackendInfo Info { get; }

    /// <summary>
    /// Prepares the target for <paramref name="username"/> (PostgreSQL: the NOLOGIN group role and its two login roles;
    /// Redis: the ACL user) and arms <paramref name="first"/>. Existing roles or users are reused, not replaced.
    /// </summary>
    Task PrepareAsync(string username, ManagedCredential first, CancellationToken cancellationToken);

    /// <summary>Makes the target accept <paramref name="candidate"/> (its login, its password).</summary>
    Task ArmAsync(string username, ManagedCredential candidate, CancellationToken cancellationToken);

    /// <summary>Logs in with <paramref name="credential"/> and runs a trivial query: the target's own verdict.</summary>
    Task<CheckVerdict> TryLoginAsync(ManagedCredential credential, CancellationToken cancellationToken);

    /// <summary>Makes the target refuse <paramref name="retired"/> from now on (PostgreSQL: NOLOGIN; Redis: its password removed).</summary>
    Task RetireAsync(string username, ManagedCredential retired, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the sessions still open with a retired login, for a credential an emergency declared compromised: its sessions
    /// must not outlive it. Backends whose logins are not separate (Redis: one user, several passwords) have nothing to end.
    /// </summary>
    Task EndSessionsAsync(string username, ManagedCredential retired, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Open sessions per login of <paramref name="username"/>, as the server counts them: who still uses what, seen from
    /// the server (consumers that do not run the client library included).
    /// </summary>
    Task<IReadOnlyDictionary<string, int>> SessionsAsync(string username, CancellationToken cancellationToken);

    /// <summary>Whether the admin connection works and may do what a rotation of <paramref name="username"/> needs, touching nothing.</summary>
    Task<CheckVerdict> PreflightAsync(string username, CancellationToken cancellationToken);
}

/// <summary>A login attempt's outcome; <see cref="Message"/> never holds the password (it is scrubbed anyway).</summary>
public sealed record CheckVerdict(bool Success, string Message);
