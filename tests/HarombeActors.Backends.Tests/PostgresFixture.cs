using HarombeActors.TestSupport;

namespace HarombeActors.Backends.Tests;

/// <summary>
/// One private PostgreSQL server (statement logging on) shared by every backend test that needs one: each uses a
/// database and role names of its own. One server instead of one per class, and the classes one after another: four
/// servers starting beside the other assemblies' once failed to start in CI.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}

/// <summary>The server the collection shares, started once and stopped at its end.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>One private Redis server for the backend tests of a class.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public string AdminConnection => $"{Server.Endpoint},password={Server.AdminPassword}";

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
