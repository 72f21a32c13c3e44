using Grpc.Core;
using Grpc.Core.Interceptors;
using HarombeActors.Api.Errors;
using HarombeActors.Api.Telemetry;
using HarombeActors.Protocol;
using HarombeActors.Protocol.V1;

namespace HarombeActors.Api.Access;

/// <summary>
/// The front door's lock, in front of every RPC (JSON transcoding goes through it too): the bearer token must belong
/// to the kind of caller the service serves (operator tokens for Operator, consumer tokens for Consumer). The caller
/// is kept on the call for the service to stamp and scope. Refusals are counted and logged at a bounded rate, and
/// every call is counted by method and status.
/// </summary>
public sealed class AuthInterceptor(TokenAuthenticator authenticator, RefusalLog refusals, ApiMetrics metrics) : Interceptor
{
    private static readonly string OperatorPrefix = "/" + Operator.Descriptor.FullName + "/";
    private static readonly string ConsumerPrefix = "/" + Consumer.Descriptor.FullName + "/";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            Admit(context);
            var response = await continuation(request, context);
            metrics.Request(context.Method, StatusCode.OK);
            return response;
        }
        catch (RpcException e)
        {
            metrics.Request(context.Method, e.StatusCode);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            Admit(context);
            await continuation(request, responseStream, context);
            metrics.Request(context.Method, StatusCode.OK);
        }
        catch (RpcException e)
        {
            metrics.Request(context.Method, e.StatusCode);
            throw;
        }
    }

    private void Admit(ServerCallContext context)
    {
        var kind = context.Method.StartsWith(OperatorPrefix, StringComparison.Ordinal) ? CallerKind.Operator
            : context.Method.StartsWith(ConsumerPrefix, StringComparison.Ordinal) ? CallerKind.Consumer
            : throw ApiErrors.Unauthenticated();
        var header = context.RequestHeaders.GetValue("authorization");
        var token = header is not null && header.StartsWith(FrontDoor.BearerPrefix, StringComparison.OrdinalIgnoreCase) ? header[FrontDoor.BearerPrefix.Length..].Trim() : null;
        if (!authenticator.TryAuthenticate(token, out var caller) || caller.Kind != kind)
        {
            refusals.Refused(kind, context.Peer, token is null ? "no bearer token" : "unknown token or wrong kind");
            throw ApiErrors.Unauthenticated();
        }
        context.UserState[typeof(Caller)] = caller;
    }
}

public static class CallerContext
{
    /// <summary>The authenticated caller of this call (the interceptor refuses every call without one).</summary>
    public static Caller Caller(this ServerCallContext context) =>
        context.UserState.TryGetValue(typeof(Caller), out var caller) ? (Caller)caller : throw ApiErrors.Unauthenticated();
}
