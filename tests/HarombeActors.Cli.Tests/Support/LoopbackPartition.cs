namespace HarombeActors.Cli.Tests.Support;

/// <summary>
/// Cuts one host's remoting off from the other hosts, in both directions, with iptables rules in a chain of this
/// test's own (removed on dispose), while its front door and its PostgreSQL connection keep working: the partition in
/// which both sides can still reach the journal, the one a split-brain resolver exists for. On loopback every packet
/// is sent by a local socket, so the isolated host is told apart by its group id (it was started with one of its own):
/// its packets to the others' remoting ports are dropped, and so are packets to its remoting port, its replies from
/// that port, and the others' replies on connections it opened (marked by conntrack when it sent on them).
/// </summary>
public sealed class LoopbackPartition : IAsyncDisposable
{
    private readonly string _chain = $"HAROMBE_{Environment.ProcessId}";
    private bool _installed;

    private LoopbackPartition() { }

    public static async Task<LoopbackPartition> IsolateAsync(int group, int isolatedPort, IReadOnlyList<int> otherPorts)
    {
        var partition = new LoopbackPartition();
        var others = string.Join(',', otherPorts);
        var owner = new[] { "-m", "owner", "--gid-owner", group.ToString() };
        await partition.Run("-N", partition._chain);
        partition._installed = true;
        await partition.Run("-I", "OUTPUT", "-j", partition._chain);
        await partition.Run(["-A", partition._chain, .. owner, "-j", "CONNMARK", "--set-mark", "0x4843"]);
        await partition.Run(["-A", partition._chain, "-p", "tcp", .. owner, "-m", "multiport", "--dports", others, "-j", "DROP"]);
        await partition.Run(["-A", partition._chain, "-p", "tcp", .. owner, "--sport", isolatedPort.ToString(), "-j", "DROP"]);
        await partition.Run("-A", partition._chain, "-p", "tcp", "--dport", isolatedPort.ToString(), "-j", "DROP");
        await partition.Run("-A", partition._chain, "-p", "tcp", "-m", "connmark", "--mark", "0x4843", "-m", "multiport", "--sports", others, "-j", "DROP");
        return partition;
    }

    /// <summary>Heals the partition.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_installed) return;
        _installed = false;
        await Processes.RunAsync(Processes.Command("iptables", ["-D", "OUTPUT", "-j", _chain]));
        await Processes.RunAsync(Processes.Command("iptables", ["-F", _chain]));
        await Processes.RunAsync(Processes.Command("iptables", ["-X", _chain]));
    }

    private async Task Run(params string[] args)
    {
        var run = await Processes.RunAsync(Processes.Command("iptables", args));
        if (run.ExitCode != 0)
        {
            await DisposeAsync();
            throw new InvalidOperationException($"iptables {string.Join(' ', args)}: {run}");
        }
    }
}
