namespace HarombeActors.Cli.Tests.Support;

/// <summary>A host process configured by the test that starts it (persistence, master key, member certificate, seeds).</summary>
public sealed class ClusterHost : HostProcess
{
    public ClusterHost(IReadOnlyDictionary<string, string> settings, params string[] arguments)
    {
        foreach (var (key, value) in settings) Settings[key] = value;
        Arguments.AddRange(arguments);
    }

    /// <summary>The settings that let a second host join this one: a member certificate issued by this host's cluster CA.</summary>
    public async Task<Dictionary<string, string>> IssueMemberCertificateAsync(string name)
    {
        // Inside this host's data folder, so it goes when this host is disposed; the joining host reads them at start only.
        var dir = Path.Combine(DataDir, $"issued-{name}");
        var issued = await Processes.RunProgramAsync(Processes.HostDll, ["certs", "issue", "--out", dir, "--name", name, "--address", "127.0.0.1", "--data-dir", DataDir]);
        Assert.True(issued.ExitCode == 0, issued.ToString());
        return new()
        {
            ["Harombe__Cluster__Certificate"] = Path.Combine(dir, "node.pem"),
            ["Harombe__Cluster__CertificateKey"] = Path.Combine(dir, "node.key"),
            ["Harombe__Cluster__CaCertificate"] = Path.Combine(dir, "cluster-ca.pem"),
        };
    }
}
