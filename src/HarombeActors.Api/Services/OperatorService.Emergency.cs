using Akka.Cluster.Tools.PublishSubscribe;
using Grpc.Core;
using HarombeActors.Api.Access;
using HarombeActors.Api.Errors;
using HarombeActors.Api.Streams;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Emergency;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Replies;
using P = HarombeActors.Protocol.V1;

namespace HarombeActors.Api.Services;

public sealed partial class OperatorService
{
    public override async Task Emergency(P.EmergencyRequest request, IServerStreamWriter<P.RotateEvent> responseStream, ServerCallContext context)
    {
        var path = ApiInput.Path(request.Path);
        var started = await secrets.ExpectAsync<EmergencyStarted>(new EmergencyRotate(path, context.Caller().Principal, request.Reason), context);
        if (started.Result is { } result)
            await responseStream.WriteAsync(new P.RotateEvent { Result = ProtoMapping.Result(result) }, context.CancellationToken);
        else
            await Follow(path, new RotationId(started.RotationId), responseStream, context);
    }

    public override async Task<P.SecurityEventResult> ReportSecurityEvent(P.SecurityEventRequest request, ServerCallContext context)
    {
        var path = ApiInput.Path(request.Path);
        if (!SecurityTrigger.TryParse(request.Severity, out var severity))
            throw ApiErrors.BadInput("severity", $"must be one of low, medium, high, critical (got '{request.Severity}')");
        var reported = new SecurityEvent(request.Type, severity, request.Description.Length == 0 ? null : request.Description,
            request.HasFailedCount ? request.FailedCount : null, request.HasViolationCount ? request.ViolationCount : null,
            request.SourceIp.Length == 0 ? null : request.SourceIp);
        var assessed = await secrets.ExpectAsync<SecurityEventAssessed>(new ReportSecurityEvent(path, context.Caller().Principal, reported), context);
        return new P.SecurityEventResult { SecretPath = assessed.Path.Value, Rotated = assessed.Rotated, Reason = assessed.Reason, RotationId = assessed.RotationId ?? "" };
    }

    public override async Task WatchEvents(P.WatchEventsRequest request, IServerStreamWriter<P.SecretEvent> responseStream, ServerCallContext context)
    {
        var prefix = ApiInput.Prefix(request.Prefix);
        using var lease = liveStreams.Enter();
        await foreach (var message in TopicRelay.OpenAsync(system, SecretNotice.Topic, context.CancellationToken))
        {
            var item = message switch
            {
                SubscribeAck => new P.SecretEvent { Kind = "subscribed", At = ProtoMapping.Time(DateTimeOffset.UtcNow) },
                SecretNotice notice when notice.Path.IsUnder(prefix) => ProtoMapping.Event(notice),
                _ => null,
            };
            if (item is not null) await responseStream.WriteAsync(item, context.CancellationToken);
        }
    }
}
