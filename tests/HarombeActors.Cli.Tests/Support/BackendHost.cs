using HarombeActors.TestSupport;

namespace HarombeActors.Cli.Tests.Support;

/// <summary>
/// A host process with two credential backends over real servers of its own: "pg" (a private PostgreSQL) and "cache"
/// (a private Redis). The admin connections reach the host through environment variables, as in production.
/// </summary>
public sealed class BackendHost : HostProcess
{
    public PostgresServer Postgres { get; private set; } = null!;
    public RedisServer Redis { get; private set; } = null!;
    public string Database { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartAsync();
        Redis = await RedisServer.StartAsync();
        Database = await Postgres.CreateDatabaseAsync();
        Settings["Harombe__Backends__pg__Kind"] = "postgres";
        Settings["Harombe__Backends__pg__AdminConnection"] = Database;
        Settings["Harombe__Backends__cache__Kind"] = "redis";
        Settings["Harombe__Backends__cache__AdminConnection"] = $"{Redis.Endpoint},password={Redis.AdminPassword}";
        Settings["Harombe__TargetRetireGrace"] = "00:00:01";
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Postgres.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
