using Grpc.Core;
using HarombeActors.Cli.Tests.Support;
using HarombeActors.Protocol;
using HarombeActors.Protocol.V1;
using HarombeActors.TestSupport;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// Real host processes on loopback that form one cluster over mutual TLS: two hosts on one PostgreSQL journal share
/// every secret and survive one leaving; a host with another master key is refused; a SQLite host that finds another
/// host beside it leaves rather than split its secrets between two journals.
/// </summary>
public sealed class MultiHostTests : IAsyncLifetime
{
    private const int Secrets = 30;
    // A property: each call gets its own deadline (a field would carry one deadline fixed when the class loaded).
    private static CallOptions Alice => FrontDoorHost.As(HostProcess.AliceToken);
    private PostgresServer _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await _postgres.DisposeAsync();

    private static string NewKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static Dictionary<string, string> Postgres(string connectionString, string key) => new()
    {
        ["Harombe__Persistence"] = "postgres",
        ["Harombe__PostgresConnectionString"] = connectionString,
        ["HAROMBE_MASTER_KEY"] = key,
    };

    private static Operator.OperatorClient Api(HostProcess host) => new(FrontDoorChannels.Open(host.ApiUrl, null));

    private static async Task<List<Member>> Members(HostProcess host, int expected)
    {
        var api = Api(host);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var members = (await api.GetClusterAsync(new Google.Protobuf.WellKnownTypes.Empty(), Alice)).Members.ToList();
            if (members.Count == expected && members.All(m => m.Status == "Up")) return members;
            Assert.True(DateTime.UtcNow < deadline, $"expected {expected} members Up, saw {string.Join(", ", members.Select(m => $"{m.Address} {m.Status}"))}\n{host.Tail}");
            await Task.Delay(200);
        }
    }

    private static async Task AssertReadable(HostProcess host, IEnumerable<(string Path, string Value)> secrets)
    {
        var api = Api(host);
        foreach (var (path, value) in secrets)
        {
            var read = await api.GetSecretAsync(new GetSecretRequest { Path = path, Reveal = true }, Alice);
            Assert.Equal((path, 1, value), (read.SecretPath, read.Version, read.Value));
        }
    }

    [Fact]
    public async Task Two_hosts_on_postgres_share_every_secret_and_one_leaving_loses_nothing()
    {
        var cs = await _postgres.CreateDatabaseAsync();
        var key = NewKey();
        await using var a = new ClusterHost(Postgres(cs, key));
        await a.InitializeAsync();
        var written = Enumerable.Range(0, Secrets).Select(i => ($"/multi/s{i:00}", $"multi-value-{i:00}")).ToList();
        var apiA = Api(a);
        foreach (var (path, value) in written) await apiA.PutSecretAsync(new PutSecretRequest { Path = path, Value = value }, Alice);

        var settingsB = Postgres(cs, key);
        foreach (var (name, value) in await a.IssueMemberCertificateAsync("host-b")) settingsB[name] = value;
        await using var b = new ClusterHost(settingsB, "--seed", a.Seed);
        await b.InitializeAsync();
        var members = await Members(a, 2);
        Assert.All(members, m => Assert.Contains("host", m.Roles));

        // Every secret is readable through the second host, wherever its shard now lives, and a write there to one the
        // first host wrote continues its history (v2), not a second v1 in another journal.
        await AssertReadable(b, written);
        await Api(b).PutSecretAsync(new PutSecretRequest { Path = "/multi/from-b", Value = "written-on-b" }, Alice);
        var next = await Api(b).PutSecretAsync(new PutSecretRequest { Path = "/multi/s00", Value = "multi-value-00-b" }, Alice);
        Assert.Equal(2, next.Version);
        written.Add(("/multi/from-b", "written-on-b"));

        // The second host leaves (SIGTERM): its shards move back, and nothing it held or wrote is lost.
        await b.StopAsync();
        await Members(a, 1);
        await AssertReadable(a, written.Skip(1));
        var s00 = await apiA.GetSecretAsync(new GetSecretRequest { Path = "/multi/s00", Reveal = true }, Alice);
        Assert.Equal((2, "multi-value-00-b"), (s00.Version, s00.Value));
        Assert.Equal(Secrets + 1, (await apiA.ListSecretsAsync(new ListSecretsRequest { Prefix = "/multi/" }, Alice)).Secrets.Count);

        // A host with another master key on the same journal, certified and seeded at the first, refuses to start,
        // naming where its key came from, and never joins: it checks its key before it asks to be a member.
        var settingsC = Postgres(cs, NewKey());
        foreach (var (name, value) in await a.IssueMemberCertificateAsync("host-c")) settingsC[name] = value;
        await using var c = new ClusterHost(settingsC, "--seed", a.Seed);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(c.InitializeAsync);
        Assert.Contains("host exited with 2", refused.Message);
        Assert.Contains("the master key from HAROMBE_MASTER_KEY does not match the key this data was written with", refused.Message);
        Assert.DoesNotContain(key, refused.Message);
        Assert.DoesNotContain($"127.0.0.1:{c.Port}", a.Tail);
        Assert.Single(await Members(a, 1));
    }

    [Fact]
    public async Task A_sqlite_host_that_finds_another_host_in_its_cluster_leaves_it()
    {
        await using var sqlite = new ClusterHost(new Dictionary<string, string>());
        await sqlite.InitializeAsync();
        var settings = Postgres(await _postgres.CreateDatabaseAsync(), NewKey());
        foreach (var (name, value) in await sqlite.IssueMemberCertificateAsync("host-pg")) settings[name] = value;
        await using var joiner = new ClusterHost(settings, "--seed", sqlite.Seed);
        // The joiner may be ready before or after the SQLite host has gone; either way the SQLite host must leave and say why.
        var joined = joiner.InitializeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!sqlite.HasExited)
        {
            Assert.True(DateTime.UtcNow < deadline, "the SQLite host is still running:\n" + sqlite.Tail);
            await Task.Delay(200);
        }
        Assert.Contains("but this host keeps its journal in local SQLite files", sqlite.Tail);
        Assert.Contains("Leaving the cluster. More than one host needs Harombe:Persistence=postgres.", sqlite.Tail);
        await joined;
        await Members(joiner, 1);
    }
}
