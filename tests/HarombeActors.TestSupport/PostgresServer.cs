using System.Security.Cryptography;
using Npgsql;

namespace HarombeActors.TestSupport;

/// <summary>
/// A private PostgreSQL server for one test run: initdb into a temporary folder, started with pg_ctl on a free loopback
/// port with password authentication (scram-sha-256), stopped and removed on dispose. Uses the machine's PostgreSQL
/// binaries (Debian's package puts them in /usr/lib/postgresql/N/bin); a machine without them fails the tests that need
/// them with what to install, never silently skips them.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string User = "harombe";
    private readonly string _bin;
    private readonly string _dir;

    private PostgresServer(string bin, string dir, int port, string password)
    {
        _bin = bin;
        _dir = dir;
        Port = port;
        Password = password;
    }

    public int Port { get; }
    public string Password { get; }
    public string DataDir => Path.Combine(_dir, "data");
    public string LogFile => Path.Combine(_dir, "server.log");

    /// <summary>The superuser's connection string to <paramref name="database"/>.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username={User};Password={Password};Database={database};Pooling=true;Timeout=10";

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries();
        var dir = Directory.CreateTempSubdirectory("harombe-pg-").FullName;
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var pwfile = Path.Combine(dir, "pwfile");
        await File.WriteAllTextAsync(pwfile, password);
        // initdb and the server refuse to run as root: as root, the folder goes to the postgres user and so do they.
        if (ServerProcess.IsRoot) await ServerProcess.RunAsync("chown", ["-R", "postgres:postgres", dir]);
        var server = new PostgresServer(bin, dir, ServerProcess.FreeLoopbackPort(), password);
        await ServerProcess.RunAsync(Path.Combine(bin, "initdb"), ["-D", server.DataDir, "-U", User, "-A", "scram-sha-256", "--pwfile", pwfile, "-E", "UTF8", "--no-sync"], "postgres");
        // The free port was free when it was picked: test classes running in parallel (hosts, Redis, other servers) can
        // take it before the server binds it, which once failed a whole class in CI. Another port is tried then.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await server.StartServerAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                server = new PostgresServer(bin, dir, ServerProcess.FreeLoopbackPort(), password);
            }
        }
    }

    /// <summary>Starts the server (again, after <see cref="StopServerAsync"/>) on the same port and files.</summary>
    public Task StartServerAsync() => ServerProcess.RunAsync(Path.Combine(_bin, "pg_ctl"),
        ["-D", DataDir, "-l", LogFile, "-w", "-t", "60",
         "-o", $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c log_statement=all",
         "start"], "postgres", TimeSpan.FromSeconds(90));

    /// <summary>Stops the server at once (as a crash of the database would look to its clients).</summary>
    public Task StopServerAsync() => ServerProcess.RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDir, "-m", "immediate", "-w", "stop"], "postgres");

    /// <summary>A fresh, empty database (each test or cluster of hosts gets its own).</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>What the server logged (statements included): tests grep it for plaintext.</summary>
    public string Log() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServerAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin): apt-get install postgresql. The tests start a private server from its binaries; .ci/run installs it.");
    }
}
