using HarombeActors.Domain.Decisions;
using Grpc.Core;
using HarombeActors.Api.Access;
using HarombeActors.Api.Errors;
using HarombeActors.Api.Streams;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using P = HarombeActors.Protocol.V1;

namespace HarombeActors.Api.Services;

public sealed partial class OperatorService
{
    /// <summary>How often a waiting call asks the secret again: a restart, passivation or move is noticed within this.</summary>
    private static readonly TimeSpan WatchRepeat = TimeSpan.FromSeconds(1);
    /// <summary>Progress is written at least this often, even when nothing changed, so a caller can tell a wait from a lost connection.</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Starts the rotation, then streams its progress and exactly one final result. The result is read by rotation id,
    /// so a restart of the secret's actor, a passivation or a move to another host while the caller waits loses nothing.
    /// </summary>
    public override async Task Rotate(P.RotateRequest request, IServerStreamWriter<P.RotateEvent> responseStream, ServerCallContext context)
    {
        var path = ApiInput.Path(request.Path);
        var value = ApiInput.Value(request.Value, request.Generate, request.Length, required: false);
        var policy = await Policy(path, request, context);
        if (request.Preflight)
        {
            // Nothing starts unless the dry run of this rotation's own tests (and a managed secret's backend) passes.
            var report = await secrets.ExpectAsync<VerificationReport>(new VerifySecret(path, policy?.VerificationTests), context);
            if (!report.Passed)
                throw ApiErrors.Rejected(new Rejection(RejectionCode.InvalidState,
                    "preflight failed, nothing was changed: " + string.Join("; ", report.Results.Where(r => !r.Success).Select(r => $"{r.Name}: {r.Message}"))));
        }
        var started = await secrets.AskAsync(new RotateSecret(path, context.Caller().Principal, policy, value, Trigger: "manual", WaitForCompletion: false,
            RequestId: ApiInput.RequestId(request.RequestId)), context);
        switch (started)
        {
            case RotationOutcome done:
                await responseStream.WriteAsync(new P.RotateEvent { Result = ProtoMapping.Result(done.Result) }, context.CancellationToken);
                return;
            case RotationAccepted accepted when request.NoWait:
                await responseStream.WriteAsync(new P.RotateEvent { Accepted = ProtoMapping.Accepted(accepted) }, context.CancellationToken);
                return;
            case RotationAccepted accepted:
                await Follow(path, new RotationId(accepted.RotationId), responseStream, context);
                return;
            default:
                throw new RpcException(new Grpc.Core.Status(StatusCode.Internal, $"unexpected answer {started.GetType().Name}"));
        }
    }

    public override async Task WatchRotation(P.WatchRotationRequest request, IServerStreamWriter<P.RotateEvent> responseStream, ServerCallContext context)
    {
        var path = ApiInput.Path(request.Path);
        var id = request.RotationId.Length > 0 ? ApiInput.RotationId(request.RotationId)
            : (await ExistingStatus(path, context)) switch
            {
                { Rotation: { } running } => new RotationId(running.RotationId),
                { LastRotation: { } last } => new RotationId(last.RotationId),
                _ => throw ApiErrors.Rejected(new Rejection(RejectionCode.NotFound, $"{path} has not been rotated yet")),
            };
        using var lease = liveStreams.Enter();
        await Follow(path, id, responseStream, context);
    }

    private async Task Follow(SecretPath path, RotationId id, IServerStreamWriter<P.RotateEvent> stream, ServerCallContext context)
    {
        RotationProgress? last = null;
        var lastWrite = DateTimeOffset.UtcNow;
        await foreach (var message in StreamRelay.OpenAsync(system, secrets.Region, watcher => new WatchRotation(path, id, watcher), WatchRepeat, context.CancellationToken))
        {
            switch (message)
            {
                case RotationOutcome outcome:
                    await stream.WriteAsync(new P.RotateEvent { Result = ProtoMapping.Result(outcome.Result) }, context.CancellationToken);
                    return;
                case CommandRejected rejected:
                    throw ApiErrors.Rejected(rejected.Rejection);
                case RotationProgress progress when progress != last || DateTimeOffset.UtcNow - lastWrite >= KeepAlive:
                    last = progress;
                    lastWrite = DateTimeOffset.UtcNow;
                    await stream.WriteAsync(new P.RotateEvent { Progress = ProtoMapping.Progress(progress) }, context.CancellationToken);
                    break;
            }
        }
    }

    /// <summary>The policy to rotate with: null (the stored one) unless the request overrides a field; then the stored one with the overrides.</summary>
    private async Task<RotationPolicy?> Policy(SecretPath path, P.RotateRequest r, ServerCallContext context)
    {
        var overrides = PolicyOverrides.From(r.HasStrategy ? r.Strategy : null, r.HasOnTimeout ? r.OnTimeout : null, r.MigrationTimeout, r.StaleAfter, r.Verify, r.NoVerify, r.NoAutoRollback);
        if (!overrides.Any) return null;
        // Start from the stored policy, so unspecified fields keep the operator's settings.
        var status = await secrets.ExpectAsync<SecretStatus>(new GetStatus(path), context);
        return overrides.Apply(status.Exists ? status.Policy : RotationPolicy.Default);
    }
}
