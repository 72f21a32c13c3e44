using System.Diagnostics;
using Grpc.Core;
using HarombeActors.Cli.Tests.Support;
using HarombeActors.Protocol;
using HarombeActors.Protocol.V1;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// scripts/cluster-up.sh as a newcomer runs it: a private PostgreSQL, three hosts with member certificates from one
/// cluster CA, all ready; secrets spread over all three; scripts/cluster-down.sh stops every process it started.
/// </summary>
public sealed class ClusterScriptTests
{
    private static readonly Google.Protobuf.WellKnownTypes.Empty Nothing = new();

    private static async Task<CliRun> Script(string name, Dictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Processes.RepositoryFile("scripts", name));
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(cts.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    private static bool Running(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Cluster_up_starts_three_hosts_that_share_the_secrets_and_cluster_down_stops_them()
    {
        var parent = Directory.CreateTempSubdirectory("harombe-cluster-script-").FullName;
        var dir = Path.Combine(parent, "cluster");
        int[] remoting = [.. Enumerable.Range(0, 3).Select(_ => Actors.Hosting.EmbeddedNode.FreeLoopbackPort())];
        int[] api = [.. Enumerable.Range(0, 3).Select(_ => Actors.Hosting.EmbeddedNode.FreeLoopbackPort())];
        var environment = new Dictionary<string, string>
        {
            ["HAROMBE_CLUSTER_DIR"] = dir,
            ["HAROMBE_REMOTING_PORTS"] = string.Join(' ', remoting),
            ["HAROMBE_API_PORTS"] = string.Join(' ', api),
            ["HAROMBE_POSTGRES_PORT"] = Actors.Hosting.EmbeddedNode.FreeLoopbackPort().ToString(),
            ["HAROMBE_HOST_DLL"] = Processes.HostDll,
        };
        var pids = new List<int>();
        try
        {
            var up = await Script("cluster-up.sh", environment);
            if (File.Exists(Path.Combine(dir, "pids")))
                pids.AddRange(File.ReadAllLines(Path.Combine(dir, "pids")).Select(l => int.Parse(l.Split(' ')[0])));
            Assert.True(up.ExitCode == 0, up.ToString());
            Assert.Equal(3, pids.Count);
            Assert.Contains($"harombe cluster show --contact 127.0.0.1:{api[0]} --data-dir {dir}", up.Stdout);

            var token = new CallOptions(new Metadata { { "authorization", FrontDoor.BearerPrefix + File.ReadAllText(Path.Combine(dir, "operator.token")).Trim() } });
            Operator.OperatorClient Host(int i) => new(FrontDoorChannels.Open(new Uri($"http://127.0.0.1:{api[i]}"), null));
            var members = (await Host(2).GetClusterAsync(Nothing, token)).Members;
            Assert.Equal(remoting.Select(p => $"akka.ssl.tcp://harombe@127.0.0.1:{p}").Order(), members.Select(m => m.Address).Order());
            Assert.All(members, m => Assert.Equal("Up", m.Status));

            // Thirty secrets written through one host land on all three and read back through another.
            for (var i = 0; i < 30; i++) await Host(0).PutSecretAsync(new PutSecretRequest { Path = $"/script/s{i:00}", Value = $"script-value-{i:00}" }, token);
            var regions = (await Host(2).GetShardsAsync(Nothing, token)).Regions;
            Assert.Equal(3, regions.Count);
            Assert.All(regions, r => Assert.True(r.Entities > 0, $"no secrets on {r.Address}"));
            for (var i = 0; i < 30; i++)
                Assert.Equal($"script-value-{i:00}", (await Host(1).GetSecretAsync(new GetSecretRequest { Path = $"/script/s{i:00}", Reveal = true }, token)).Value);
        }
        finally
        {
            var down = await Script("cluster-down.sh", environment, "--purge");
            Assert.True(down.ExitCode == 0, down.ToString());
            foreach (var pid in pids) Assert.False(Running(pid), $"PID {pid} still runs after cluster-down");
            Assert.False(Directory.Exists(dir));
            Directory.Delete(parent, true);
        }
    }
}
