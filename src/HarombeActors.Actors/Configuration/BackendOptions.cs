namespace HarombeActors.Actors.Configuration;

/// <summary>
/// One credential backend (Harombe:Backends:&lt;name&gt;): where managed secrets' credentials are checked. The admin
/// connection is the backend's own secret: give it through an environment variable or a file readable by the host
/// only (HAROMBE__BACKENDS__&lt;NAME&gt;__ADMINCONNECTION), never on a command line.
/// </summary>
public sealed class BackendOptions
{
    /// <summary>postgres, redis or command.</summary>
    public string? Kind { get; set; }

    /// <summary>
    /// postgres: an Npgsql connection string of a role with CREATEROLE (host, port and database are also what the
    /// credential documents carry). redis: a StackExchange.Redis configuration string with an admin user and password
    /// (e.g. <c>127.0.0.1:6379,user=default,password=...</c>).
    /// </summary>
    public string? AdminConnection { get; set; }

    /// <summary>postgres: also end the open sessions of a login role when it is retired (NOLOGIN alone leaves them open).</summary>
    public bool TerminateSessions { get; set; }

    /// <summary>redis: the ACL rules of a user the backend creates (default <c>~* &amp;* +@all</c>); an existing user keeps its own.</summary>
    public string? Rules { get; set; }

    /// <summary>
    /// command: the programs run for each step (a path, no arguments: the credential reaches them only through the
    /// environment variables HAROMBE_USERNAME, HAROMBE_LOGIN, HAROMBE_PASSWORD and HAROMBE_SECRET_STEP). Exit 0 is success.
    /// </summary>
    public string? SetCommand { get; set; }
    public string? TestCommand { get; set; }
    public string? RetireCommand { get; set; }

    /// <summary>command: what the credential documents carry besides username and password.</summary>
    public string? Host { get; set; }
    public int Port { get; set; }
    public string? Database { get; set; }
}
