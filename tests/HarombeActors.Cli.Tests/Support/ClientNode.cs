using Akka.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;

namespace HarombeActors.Cli.Tests.Support;

/// <summary>A client node in the test process: joins the host process's cluster with the client role and a region proxy.</summary>
public static class ClientNode
{
    public static Task<EmbeddedNode> JoinAsync(HostProcess host) =>
        EmbeddedNode.StartClientAsync(
            new HarombeOptions { Port = EmbeddedNode.FreeLoopbackPort(), Seeds = [host.Seed], SplitBrainStableAfter = TimeSpan.FromSeconds(2) },
            akka => akka.AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend));
}
