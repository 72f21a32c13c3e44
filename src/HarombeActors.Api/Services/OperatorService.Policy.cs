using Grpc.Core;
using HarombeActors.Api.Access;
using HarombeActors.Api.Errors;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Schedules;
using P = HarombeActors.Protocol.V1;

namespace HarombeActors.Api.Services;

public sealed partial class OperatorService
{
    private static readonly TimeSpan LongestScheduleDuration = RetryPolicy.LongestDelay;

    public override async Task<P.PolicyView> GetPolicy(P.PathRequest request, ServerCallContext context) =>
        ProtoMapping.PolicyView(await ExistingStatus(ApiInput.Path(request.Path), context));

    /// <summary>The stored policy with the request's changes; the secret validates the whole and writes nothing if any field is bad.</summary>
    public override async Task<P.PolicyView> SetPolicy(P.SetPolicyRequest request, ServerCallContext context)
    {
        var path = ApiInput.Path(request.Path);
        var overrides = PolicyOverrides.From(request.HasStrategy ? request.Strategy : null, request.HasOnTimeout ? request.OnTimeout : null,
            request.MigrationTimeout, request.StaleAfter, request.Verify, request.NoVerify, request.NoAutoRollback);
        var stored = (await ExistingStatus(path, context)).Policy;
        var policy = overrides.Apply(stored) with
        {
            Schedule = Schedule(request, stored.Schedule),
            EmergencyStrategy = request.HasEmergencyStrategy ? ApiInput.Strategy(request.EmergencyStrategy, "emergencyStrategy") : stored.EmergencyStrategy,
            SecurityCooldown = ApiInput.Duration(request.SecurityCooldown, "securityCooldown", LongestScheduleDuration, "7 days") ?? stored.SecurityCooldown,
        };
        await secrets.ExpectAsync<PolicyAccepted>(new SetPolicy(path, policy, context.Caller().Principal), context);
        return ProtoMapping.PolicyView(await ExistingStatus(path, context));
    }

    public override async Task<P.PolicyView> ClearPolicy(P.PathRequest request, ServerCallContext context)
    {
        var path = ApiInput.Path(request.Path);
        await secrets.ExpectAsync<PolicyAccepted>(new SetPolicy(path, null, context.Caller().Principal), context);
        return ProtoMapping.PolicyView(await ExistingStatus(path, context));
    }

    public override async Task<P.PolicyView> Resume(P.PathRequest request, ServerCallContext context)
    {
        var path = ApiInput.Path(request.Path);
        await secrets.ExpectAsync<SecretResumed>(new ResumeSecret(path, context.Caller().Principal), context);
        return ProtoMapping.PolicyView(await ExistingStatus(path, context));
    }

    private async Task<SecretStatus> ExistingStatus(SecretPath path, ServerCallContext context)
    {
        var status = await secrets.ExpectAsync<SecretStatus>(new GetStatus(path), context);
        return status.Exists ? status : throw NotFound(path.Value);
    }

    /// <summary>The schedule after the request: removed, unchanged, or the stored one (or a new one) with the given fields.</summary>
    private static RotationSchedule? Schedule(P.SetPolicyRequest r, RotationSchedule? stored)
    {
        var any = r.HasSchedule || r.HasWindow || r.HasTimeZone || r.Jitter is not null || r.RetryInitialDelay is not null || r.RetryMaxDelay is not null
                  || r.HasRetryAttempts || r.HasRetryCycles;
        if (r.NoSchedule)
            return any ? throw ApiErrors.BadInput("noSchedule", "give either noSchedule or schedule fields, not both") : null;
        if (!any) return stored;
        var expression = r.HasSchedule ? r.Schedule
            : stored?.Expression ?? throw ApiErrors.BadInput("schedule", "is required: the secret has no schedule yet, and window, timeZone, jitter and retries belong to one");
        var basis = stored ?? new RotationSchedule { Expression = expression };
        return basis with
        {
            Expression = expression,
            Window = r.HasWindow ? (r.Window.Length == 0 ? null : r.Window) : basis.Window,
            TimeZone = r.HasTimeZone ? r.TimeZone : basis.TimeZone,
            Jitter = ApiInput.Duration(r.Jitter, "jitter", LongestScheduleDuration, "7 days") ?? basis.Jitter,
            Retry = basis.Retry with
            {
                InitialDelay = ApiInput.Duration(r.RetryInitialDelay, "retryInitialDelay", LongestScheduleDuration, "7 days") ?? basis.Retry.InitialDelay,
                MaxDelay = ApiInput.Duration(r.RetryMaxDelay, "retryMaxDelay", LongestScheduleDuration, "7 days") ?? basis.Retry.MaxDelay,
                AttemptsPerCycle = r.HasRetryAttempts ? r.RetryAttempts : basis.Retry.AttemptsPerCycle,
                Cycles = r.HasRetryCycles ? r.RetryCycles : basis.Retry.Cycles,
            },
        };
    }
}
