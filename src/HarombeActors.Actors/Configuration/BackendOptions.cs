namespace HarombeActors.Actors.Configuration;

/// <summary>
/// One credential backend (Harombe:Backends:&lt;name&gt;): where managed secrets' credentials are checked. The admin
/// connection is the backend's own secret: give it through an environment variable or a file readable by the host
/// only (HAROMBE__BACKENDS__&lt;NAME&gt;__ADMINCONNECTION), never on a command line.
/// </summary>
public sealed class BackendOptions
{
    /// <summary>postgres or redis.</summary>
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
}
