using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using HarombeActors.Domain.Decisions;

namespace HarombeActors.Api.Errors;

/// <summary>
/// Every refusal leaves the API as a gRPC status whose details carry the contract's code (bad_input, conflict,
/// not_found, unauthorized, failed) and the offending field, so the CLI and JSON clients (which get the same status as
/// JSON, with an HTTP status derived from the gRPC code) see what the CLI has always printed.
/// </summary>
public static class ApiErrors
{
    public const string Domain = "harombe";

    public static RpcException Rejected(Rejection rejection) => Build(rejection.Code switch
    {
        RejectionCode.BadInput => Code.InvalidArgument,
        RejectionCode.Conflict => Code.Aborted,
        RejectionCode.NotFound => Code.NotFound,
        RejectionCode.Unauthorized => Code.Unauthenticated,
        RejectionCode.Throttled => Code.ResourceExhausted,
        RejectionCode.Forbidden => Code.PermissionDenied,
        _ => Code.FailedPrecondition,
    }, rejection.Code.Name(), rejection.Message, rejection.Field);

    public static RpcException BadInput(string field, string rule) => Rejected(Rejection.BadInput(field, rule));

    public static RpcException Unauthenticated() => Build(Code.Unauthenticated, "unauthorized", "missing or invalid token");

    /// <summary>The same answer whether the secret exists or not: a token outside its scope learns nothing.</summary>
    public static RpcException Forbidden() => Build(Code.PermissionDenied, "unauthorized", "this token may not do that here");

    public static RpcException NoAnswer(string what) =>
        Build(Code.Unavailable, "unreachable", $"no answer from {what} in time; the operation may still complete (check status)");

    private static RpcException Build(Code code, string reason, string message, string? field = null)
    {
        var info = new ErrorInfo { Reason = reason, Domain = Domain };
        if (field is not null) info.Metadata["field"] = field;
        return new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(info) } }.ToRpcException();
    }
}
