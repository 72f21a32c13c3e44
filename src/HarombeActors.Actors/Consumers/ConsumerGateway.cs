using Akka.Actor;
using Akka.Event;
using HarombeActors.Actors.Access;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;

namespace HarombeActors.Actors.Consumers;

/// <summary>
/// The door for consumers that are not cluster members, one per host, registered with the ClusterClientReceptionist.
/// It checks the consumer token and lets through exactly what the consumer protocol needs (heartbeats, status, value
/// reads) to the secret region; replies flow back through the client, notices straight to the heartbeat's sender.
/// </summary>
public sealed class ConsumerGateway : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _refused;

    public ConsumerGateway(IActorRef region, ConsumerAuthenticator authenticator)
    {
        Receive<ConsumerRequest>(request =>
        {
            var path = request.Message.Path.Value;
            if (!authenticator.TryAuthenticate(request.Token, out _))
            {
                // Counted and logged sparingly: a misconfigured fleet must not flood the log.
                if (_refused++ % 1000 == 0) _log.Warning("consumer request refused: missing or invalid consumer token (from {0}); {1} refused so far", Sender.Path.Address, _refused);
                Sender.Tell(new CommandRejected(path, new Rejection(RejectionCode.Unauthorized, "missing or invalid consumer token")));
                return;
            }
            if (request.Message is Heartbeat or GetStatus or GetSecret)
                region.Forward(request.Message);
            else
                Sender.Tell(new CommandRejected(path, Rejection.BadInput("message", $"the consumer gateway takes heartbeats, status and value reads, not {request.Message.GetType().Name}")));
        });
    }

    public static Props Props(IActorRef region, ConsumerAuthenticator authenticator) =>
        Akka.Actor.Props.Create(() => new ConsumerGateway(region, authenticator));
}
