using Akka.Actor;
using Akka.Cluster.Tools.Client;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;

namespace HarombeActors.Client;

/// <summary>
/// Registry key, and the actor behind it, for a process that is not a cluster member: it takes the same messages a
/// region proxy takes (heartbeats, status, reads), wraps each with the consumer token and sends it through
/// ClusterClient to the consumer gateway of whichever host answers. Replies reach the original sender.
/// </summary>
public sealed class SecretGateway : ReceiveActor
{
    public SecretGateway(IActorRef clusterClient, string token) =>
        Receive<ISecretMessage>(m => clusterClient.Tell(new ClusterClient.Send(ConsumerGatewayPath.Path, new ConsumerRequest(token, m)), Sender));

    public static Props Props(IActorRef clusterClient, string token) =>
        Akka.Actor.Props.Create(() => new SecretGateway(clusterClient, token));
}
