namespace HarombeActors.Actors.Configuration;

/// <summary>
/// One built-in verification test (Harombe:Verification:&lt;name&gt;), usable by name in any policy's verificationTests.
/// Each checks the candidate against something real and can never pass without having checked it.
/// </summary>
public sealed class CheckOptions
{
    /// <summary>postgres-login, redis-auth, http, tcp or command.</summary>
    public string? Kind { get; set; }

    /// <summary>postgres-login, redis-auth, tcp: where to connect. A credential document's own host and port win for the logins.</summary>
    public string? Host { get; set; }
    public int Port { get; set; }

    /// <summary>postgres-login: the database; redis-auth and postgres-login: the username when the value is a bare password.</summary>
    public string? Database { get; set; }
    public string? Username { get; set; }

    /// <summary>http: the URL called with the candidate as a bearer token (https, or http to loopback); passes on a 2xx answer.</summary>
    public string? Url { get; set; }

    /// <summary>command: an absolute program path, given the candidate in HAROMBE_PASSWORD; passes on exit 0.</summary>
    public string? Program { get; set; }
}
