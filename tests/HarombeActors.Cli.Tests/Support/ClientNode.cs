using Akka.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Actors.Security;

namespace HarombeActors.Cli.Tests.Support;

/// <summary>
/// A client node in the test process: joins the host process's cluster with the client role and a region proxy, with a
/// certificate issued from the host's cluster CA (as `harombe-host certs issue` does).
/// </summary>
public static class ClientNode
{
    public static Task<EmbeddedNode> JoinAsync(HostProcess host) =>
        EmbeddedNode.StartClientAsync(
            new HarombeOptions
            {
                Port = EmbeddedNode.FreeLoopbackPort(), Seeds = [host.Seed], SplitBrainStableAfter = TimeSpan.FromSeconds(2),
                Cluster = ClusterCertificates.IssueForMember(host.DataDir, host.MemberCertificates(), "test client node"),
            },
            akka => akka.AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend));
}
