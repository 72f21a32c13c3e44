using Akka.Actor;
using Akka.Event;
using HarombeActors.Actors.Access;
using HarombeActors.Actors.Secrets;
using HarombeActors.Contracts.Operator;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Replies;
using HarombeActors.Routing;

namespace HarombeActors.Actors.Operator;

/// <summary>
/// The operator's door into the cluster, one per host, registered with the ClusterClientReceptionist. It refuses
/// any request without a valid token (saying nothing about the secret), stamps the operator's name onto commands,
/// and gives each request a session child of its own.
/// </summary>
public sealed class OperatorGateway : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public OperatorGateway(IActorRef region, OperatorAuthenticator authenticator, SecretActorSettings settings)
    {
        Receive<OperatorSecretRequest>(request =>
        {
            if (!Authenticate(request.Token, out var principal)) return;
            Context.ActorOf(SecretSession.Props(region, request.Message.WithPrincipal(principal), Sender));
        });
        Receive<OperatorClusterRequest>(request =>
        {
            if (!Authenticate(request.Token, out _)) return;
            var system = Context.System;
            var task = request.Verb switch
            {
                ClusterVerb.Show => Task.FromResult<object>(ClusterQueries.Show(system)),
                ClusterVerb.Shards => Boxed(ClusterQueries.ShardsAsync(region, SecretRegion.TypeName)),
                ClusterVerb.Stats => Boxed(ClusterQueries.StatsAsync(system, settings.ReadJournalPluginId)),
                _ => Boxed(ClusterQueries.ListAsync(system, settings.ReadJournalPluginId, request.Prefix)),
            };
            task.PipeTo(Sender,
                success: view => new OperatorResult(view),
                failure: ex => new OperatorResult(new CommandRejected("", new Rejection(RejectionCode.InvalidState, $"{request.Verb} failed: {ex.Message}"))));
        });
        return;

        bool Authenticate(string token, out Principal principal)
        {
            if (authenticator.TryAuthenticate(token, out principal)) return true;
            _log.Warning("operator request refused: missing or invalid token (from {0})", Sender.Path.Address);
            Sender.Tell(new OperatorResult(new CommandRejected("", new Rejection(RejectionCode.Unauthorized, "missing or invalid operator token"))));
            return false;
        }
    }

    public static Props Props(IActorRef region, OperatorAuthenticator authenticator, SecretActorSettings settings) =>
        Akka.Actor.Props.Create(() => new OperatorGateway(region, authenticator, settings));

    private static async Task<object> Boxed<T>(Task<T> task) where T : notnull => await task;
}
