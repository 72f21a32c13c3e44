using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit.Xunit2;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Actors.Security;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Ids;

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
                Port = EmbeddedNode.FreeLoopbackPort(), Seeds = [host.Seed], SplitBrainStableAfter = HostProcess.StableAfter,
                Cluster = ClusterCertificates.IssueForMember(host.DataDir, host.MemberCertificates(), "test client node"),
            },
            akka => akka.AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend));

    /// <summary>
    /// A consumer that stays on <paramref name="version"/> and heartbeats every second (until the node stops), so it is
    /// live however long the test takes: every dual-write waits for it (or holds), never for a wall-clock staleAfter.
    /// Returns once the host lists it.
    /// </summary>
    public static async Task<Akka.TestKit.TestProbe> StuckConsumerAsync(this EmbeddedNode client, HostProcess host, string path, string consumerId = "svc-1", int version = 1)
    {
        var kit = new TestKit(client.System);
        var consumer = kit.CreateTestProbe();
        client.System.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.FromSeconds(1), client.Region,
            new Heartbeat(SecretPath.Parse(path), consumerId, version, DateTimeOffset.UtcNow, consumer.Ref), ActorRefs.NoSender);
        await host.ConsumersAsync(path, n => n >= 1);
        return consumer;
    }
}
