using Akka.Actor;
using Grpc.Core;
using HarombeActors.Api.Access;
using HarombeActors.Api.Errors;
using HarombeActors.Api.Streams;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using P = HarombeActors.Protocol.V1;

namespace HarombeActors.Api.Services;

/// <summary>
/// What a consumer outside the cluster may do, in any language: read the valid credentials, heartbeat, and watch for
/// notices, each only under its token's prefixes. It can never write, rotate or roll back: this service has no such
/// verb, and operator tokens are not accepted here either.
/// </summary>
public sealed class ConsumerService(SecretGateway secrets, ActorSystem system) : P.Consumer.ConsumerBase
{
    /// <summary>How often a watch registers again, so a secret that restarted or moved pushes to it again within this.</summary>
    private static readonly TimeSpan WatchRepeat = TimeSpan.FromSeconds(5);
    /// <summary>The current notice is repeated at least this often, so a consumer can tell a quiet stream from a dead one.</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);

    public override async Task<P.Credentials> Read(P.PathRequest request, ServerCallContext context) =>
        ProtoMapping.Credentials(await secrets.ExpectAsync<ValidValues>(new GetValidValues(ApiInput.ScopedPath(request.Path, context)), context));

    public override async Task<P.HeartbeatReply> Heartbeat(P.HeartbeatRequest request, ServerCallContext context)
    {
        var path = ApiInput.ScopedPath(request.Path, context);
        var id = ApiInput.Consumer(request.ConsumerId);
        var beat = new Heartbeat(path, id.Value, ApiInput.Version(request.Version), DateTimeOffset.UtcNow, ReplyTo: null, ApiInput.Role(request.Role), Ack: true,
            Registrant: context.Caller().Principal.Name);
        return await secrets.AskAsync(beat, context) switch
        {
            HeartbeatAccepted accepted => ProtoMapping.Heartbeat(accepted),
            HeartbeatRejected rejected => throw ApiErrors.Rejected(rejected.Rejection),
            var other => throw new RpcException(new Grpc.Core.Status(StatusCode.Internal, $"unexpected answer {other.GetType().Name}")),
        };
    }

    public override async Task Watch(P.WatchRequest request, IServerStreamWriter<P.Notice> responseStream, ServerCallContext context)
    {
        var path = ApiInput.ScopedPath(request.Path, context);
        var id = ApiInput.Consumer(request.ConsumerId);
        var role = ApiInput.Role(request.Role);
        var registrant = context.Caller().Principal.Name;
        RotationNotice? last = null;
        var lastWrite = DateTimeOffset.UtcNow;
        await foreach (var message in StreamRelay.OpenAsync(system, secrets.Region, relay => new WatchConsumer(path, id.Value, role, relay, registrant), WatchRepeat, context.CancellationToken))
        {
            switch (message)
            {
                case HeartbeatRejected rejected:
                    throw ApiErrors.Rejected(rejected.Rejection);
                case RotationNotice notice when !Same(notice, last) || DateTimeOffset.UtcNow - lastWrite >= KeepAlive:
                    last = notice;
                    lastWrite = DateTimeOffset.UtcNow;
                    await responseStream.WriteAsync(ProtoMapping.Notice(notice), context.CancellationToken);
                    break;
            }
        }
    }

    /// <summary>Re-registrations answer with the current notice: only a change (or the keep-alive) goes out.</summary>
    private static bool Same(RotationNotice a, RotationNotice? b) =>
        b is not null && a.CurrentVersion == b.CurrentVersion && a.PreferredVersion == b.PreferredVersion && a.ValidVersions.SequenceEqual(b.ValidVersions);
}
