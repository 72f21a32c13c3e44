using System.Diagnostics;
using Grpc.Core;
using HarombeActors.Protocol;
using HarombeActors.Protocol.V1;

namespace HarombeActors.Cli.Tests.Support;

/// <summary>
/// Three hosts on PostgreSQL started by scripts/cluster-up.sh on free loopback ports (with the test's extra settings
/// in the environment the hosts inherit); disposing runs scripts/cluster-down.sh --purge, which stops them by PID.
/// </summary>
public sealed class ScriptCluster : IAsyncDisposable
{
    private readonly string _parent = Directory.CreateTempSubdirectory("harombe-cluster-script-").FullName;
    private readonly Dictionary<string, string> _environment;

    private ScriptCluster(IReadOnlyDictionary<string, string> settings)
    {
        Dir = Path.Combine(_parent, "cluster");
        _environment = new(settings)
        {
            ["HAROMBE_CLUSTER_DIR"] = Dir,
            ["HAROMBE_REMOTING_PORTS"] = string.Join(' ', Remoting),
            ["HAROMBE_API_PORTS"] = string.Join(' ', Api),
            ["HAROMBE_POSTGRES_PORT"] = Actors.Hosting.EmbeddedNode.FreeLoopbackPort().ToString(),
            ["HAROMBE_HOST_DLL"] = Processes.HostDll,
        };
    }

    public string Dir { get; }
    public int[] Remoting { get; } = [.. Enumerable.Range(0, 3).Select(_ => Actors.Hosting.EmbeddedNode.FreeLoopbackPort())];
    public int[] Api { get; } = [.. Enumerable.Range(0, 3).Select(_ => Actors.Hosting.EmbeddedNode.FreeLoopbackPort())];
    /// <summary>The hosts' PIDs as the script recorded them, host1 first.</summary>
    public List<int> Pids { get; } = [];
    public CliRun Up { get; private set; } = null!;

    public CallOptions Operator(DateTime? deadline = null) => new(
        new Metadata { { "authorization", FrontDoor.BearerPrefix + File.ReadAllText(Path.Combine(Dir, "operator.token")).Trim() } }, deadline);

    public CallOptions Consumer(DateTime? deadline = null) => new(
        new Metadata { { "authorization", FrontDoor.BearerPrefix + File.ReadAllText(Path.Combine(Dir, "consumer.token")).Trim() } }, deadline);

    public Operator.OperatorClient OperatorApi(int host) => new(FrontDoorChannels.Open(new Uri($"http://127.0.0.1:{Api[host]}"), null));

    public Consumer.ConsumerClient ConsumerApi(int host) => new(FrontDoorChannels.Open(new Uri($"http://127.0.0.1:{Api[host]}"), null));

    /// <summary>The host (0-2) whose remoting address is <paramref name="address"/>.</summary>
    public int HostOf(string address) => Array.FindIndex(Remoting, p => address.EndsWith($"@127.0.0.1:{p}", StringComparison.Ordinal));

    public static async Task<ScriptCluster> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var cluster = new ScriptCluster(settings ?? new Dictionary<string, string>());
        cluster.Up = await Script("cluster-up.sh", cluster._environment);
        var pids = Path.Combine(cluster.Dir, "pids");
        if (File.Exists(pids)) cluster.Pids.AddRange(File.ReadAllLines(pids).Select(l => int.Parse(l.Split(' ')[0])));
        if (cluster.Up.ExitCode != 0)
        {
            await cluster.DisposeAsync();
            throw new InvalidOperationException("cluster-up failed: " + cluster.Up);
        }
        return cluster;
    }

    /// <summary>Kills one host at once (SIGKILL: no leaving, no handover), as a crashed machine would go.</summary>
    public void Kill(int host)
    {
        using var process = Process.GetProcessById(Pids[host]);
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>
    /// Restarts one host as an operator would in a rolling restart: SIGTERM (it leaves and hands its shards over),
    /// wait for it to end, then cluster-up.sh again, which starts only the host that is not running and waits until it
    /// is ready. With <paramref name="group"/> the script, and so the host it starts, runs with that group id (setpriv),
    /// which lets a firewall rule tell that host's packets from the others' (see <see cref="Partition"/>).
    /// </summary>
    public async Task RestartAsync(int host, int? group = null)
    {
        using (var process = Process.GetProcessById(Pids[host]))
        {
            using (var term = Process.Start("kill", ["-TERM", Pids[host].ToString()])) await term!.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(cts.Token);
        }
        var up = await Script("cluster-up.sh", _environment, group);
        if (up.ExitCode != 0) throw new InvalidOperationException($"cluster-up did not bring host{host + 1} back: {up}");
        var pids = File.ReadAllLines(Path.Combine(Dir, "pids")).Select(l => int.Parse(l.Split(' ')[0])).ToList();
        for (var i = 0; i < pids.Count; i++)
        {
            if (i < Pids.Count) Pids[i] = pids[i];
            else Pids.Add(pids[i]);
        }
    }

    public static bool Running(int pid)
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

    /// <summary>The last lines of one host's log, for failure messages.</summary>
    public string Log(int host)
    {
        var file = Path.Combine(Dir, $"host{host + 1}.log");
        return File.Exists(file) ? string.Join('\n', File.ReadLines(file).TakeLast(60)) : "";
    }

    public CliRun? Down { get; private set; }
    /// <summary>Hosts that still ran after cluster-down (then killed here, so a failing test never leaves one behind).</summary>
    public List<int> SurvivedDown { get; } = [];

    public async ValueTask DisposeAsync()
    {
        Down ??= await Script("cluster-down.sh", _environment, "--purge");
        foreach (var pid in Pids.Where(Running))
        {
            SurvivedDown.Add(pid);
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        try { Directory.Delete(_parent, true); } catch (IOException) { }
    }

    private static Task<CliRun> Script(string name, Dictionary<string, string> environment, params string[] args) => Script(name, environment, null, args);

    private static Task<CliRun> Script(string name, Dictionary<string, string> environment, int? group, params string[] args)
    {
        string[] script = ["bash", Processes.RepositoryFile("scripts", name), .. args];
        var info = group is { } gid
            ? Processes.Command("setpriv", [$"--regid={gid}", "--clear-groups", .. script])
            : Processes.Command(script[0], script[1..]);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        return Processes.RunAsync(info, limit: TimeSpan.FromMinutes(3));
    }
}
