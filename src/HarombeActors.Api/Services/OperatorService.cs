using Akka.Actor;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HarombeActors.Actors.Operator;
using HarombeActors.Actors.Secrets;
using HarombeActors.Api.Access;
using HarombeActors.Api.Errors;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Routing;
using P = HarombeActors.Protocol.V1;

namespace HarombeActors.Api.Services;

/// <summary>
/// The operator's verbs. Each call is authenticated by the interceptor; the operator's name from the token is stamped
/// onto every command (a request can never choose it), and every answer is mapped to the protocol.
/// </summary>
public sealed partial class OperatorService(SecretGateway secrets, ActorSystem system, SecretActorSettings settings) : P.Operator.OperatorBase
{
    public override async Task<P.WriteResult> PutSecret(P.PutSecretRequest request, ServerCallContext context)
    {
        var path = ApiInput.Path(request.Path);
        var value = ApiInput.Value(request.Value, request.Generate, request.Length, required: true)!;
        var write = new WriteSecret(path, value, context.Caller().Principal, ApiInput.RequestId(request.RequestId));
        return ProtoMapping.Written(await secrets.ExpectAsync<SecretWriteAccepted>(write, context));
    }

    public override async Task<P.SecretValue> GetSecret(P.GetSecretRequest request, ServerCallContext context)
    {
        // The seed's addressing works here too: /secrets/x.blue reads the blue slot of /secrets/x.
        VersionSelector.TrySplitAddress(request.Path.StartsWith('/') ? request.Path : "/" + request.Path, out var raw, out var selector, out var metadata);
        if (metadata) throw ApiErrors.BadInput("path", "'.metadata' is the status: GET /v1/secrets/{path} (GetStatus)");
        var path = ApiInput.Path(raw);
        if (request.Version.Length > 0 && !VersionSelector.TryParse(request.Version, out selector))
            throw ApiErrors.BadInput("version", $"must be current, pending, previous, blue, green or a version number (got '{request.Version}')");
        return ProtoMapping.Read(await secrets.ExpectAsync<SecretRead>(new GetSecret(path, selector, request.Reveal), context));
    }

    public override async Task<P.SecretList> ListSecrets(P.ListSecretsRequest request, ServerCallContext context)
    {
        var list = await ClusterQueries.ListAsync(system, settings.ReadJournalPluginId, request.Prefix.Length == 0 ? null : request.Prefix);
        return new P.SecretList { Secrets = { list.Paths } };
    }

    public override async Task<P.SecretStatus> GetStatus(P.PathRequest request, ServerCallContext context)
    {
        var status = await secrets.ExpectAsync<SecretStatus>(new GetStatus(ApiInput.Path(request.Path)), context);
        return status.Exists ? ProtoMapping.Status(status) : throw NotFound(status.Path.Value);
    }

    public override async Task<P.History> GetHistory(P.PathRequest request, ServerCallContext context)
    {
        var history = await secrets.ExpectAsync<SecretHistory>(new GetHistory(ApiInput.Path(request.Path)), context);
        return history.Events.Count > 0 ? ProtoMapping.History(history) : throw NotFound(history.Path.Value);
    }

    public override async Task<P.ConsumerList> GetConsumers(P.PathRequest request, ServerCallContext context) =>
        ProtoMapping.Consumers(await secrets.ExpectAsync<ConsumerList>(new GetConsumers(ApiInput.Path(request.Path)), context));

    public override async Task<P.ConsumerRemoval> RemoveConsumer(P.RemoveConsumerRequest request, ServerCallContext context)
    {
        var command = new RemoveConsumer(ApiInput.Path(request.Path), ApiInput.Consumer(request.ConsumerId), context.Caller().Principal);
        var removed = await secrets.ExpectAsync<ConsumerRemovalAccepted>(command, context);
        return new P.ConsumerRemoval { SecretPath = removed.Path.Value, ConsumerId = removed.ConsumerId, RemainingConsumers = removed.RemainingConsumers };
    }

    public override async Task<P.RotationResult> Rollback(P.RollbackRequest request, ServerCallContext context)
    {
        var path = ApiInput.Path(request.Path);
        var reason = request.Reason.Length == 0 ? "operator rollback" : request.Reason.Length <= 256 ? request.Reason : throw ApiErrors.BadInput("reason", "must be at most 256 characters");
        return await Outcome(new RollbackSecret(path, context.Caller().Principal, reason), context);
    }

    public override Task<P.RotationResult> Cancel(P.PathRequest request, ServerCallContext context) =>
        Outcome(new CancelRotation(ApiInput.Path(request.Path), context.Caller().Principal), context);

    public override Task<P.RotationResult> Promote(P.PathRequest request, ServerCallContext context) =>
        Outcome(new PromoteRotation(ApiInput.Path(request.Path), context.Caller().Principal), context);

    public override Task<P.ClusterView> GetCluster(Empty request, ServerCallContext context) => Task.FromResult(ProtoMapping.Cluster(ClusterQueries.Show(system)));

    public override async Task<P.ShardsView> GetShards(Empty request, ServerCallContext context) =>
        ProtoMapping.Shards(await ClusterQueries.ShardsAsync(secrets.Region, SecretRegion.TypeName));

    public override async Task<P.StatsView> GetStats(Empty request, ServerCallContext context) =>
        ProtoMapping.Stats(await ClusterQueries.StatsAsync(system, settings.ReadJournalPluginId));

    private async Task<P.RotationResult> Outcome(ISecretCommand command, ServerCallContext context) =>
        ProtoMapping.Result((await secrets.ExpectAsync<RotationOutcome>(command, context)).Result);

    private static RpcException NotFound(string path) =>
        ApiErrors.Rejected(new Domain.Decisions.Rejection(Domain.Decisions.RejectionCode.NotFound, $"secret {path} does not exist"));
}
