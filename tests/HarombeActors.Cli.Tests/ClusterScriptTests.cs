using HarombeActors.Cli.Tests.Support;
using HarombeActors.Protocol.V1;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// scripts/cluster-up.sh as a newcomer runs it: a private PostgreSQL, three hosts with member certificates from one
/// cluster CA, all ready; secrets spread over all three; scripts/cluster-down.sh stops every process it started.
/// </summary>
public sealed class ClusterScriptTests
{
    private static readonly Google.Protobuf.WellKnownTypes.Empty Nothing = new();

    [Fact]
    public async Task Cluster_up_starts_three_hosts_that_share_the_secrets_and_cluster_down_stops_them()
    {
        var cluster = await ScriptCluster.StartAsync();
        await using (cluster)
        {
            Assert.Equal(3, cluster.Pids.Count);
            Assert.Contains($"harombe cluster show --contact 127.0.0.1:{cluster.Api[0]} --data-dir {cluster.Dir}", cluster.Up.Stdout);
            var token = cluster.Operator();
            var members = (await cluster.OperatorApi(2).GetClusterAsync(Nothing, token)).Members;
            Assert.Equal(cluster.Remoting.Select(p => $"akka.ssl.tcp://harombe@127.0.0.1:{p}").Order(), members.Select(m => m.Address).Order());
            Assert.All(members, m => Assert.Equal("Up", m.Status));

            // Thirty secrets written through one host land on all three and read back through another.
            for (var i = 0; i < 30; i++) await cluster.OperatorApi(0).PutSecretAsync(new PutSecretRequest { Path = $"/script/s{i:00}", Value = $"script-value-{i:00}" }, token);
            var regions = (await cluster.OperatorApi(2).GetShardsAsync(Nothing, token)).Regions;
            Assert.Equal(3, regions.Count);
            Assert.All(regions, r => Assert.True(r.Entities > 0, $"no secrets on {r.Address}"));
            for (var i = 0; i < 30; i++)
                Assert.Equal($"script-value-{i:00}", (await cluster.OperatorApi(1).GetSecretAsync(new GetSecretRequest { Path = $"/script/s{i:00}", Reveal = true }, token)).Value);
        }
        Assert.True(cluster.Down!.ExitCode == 0, cluster.Down.ToString());
        Assert.Empty(cluster.SurvivedDown);
        Assert.False(Directory.Exists(cluster.Dir));
    }
}
