using Google.Rpc;
using Grpc.Core;

namespace HarombeActors.Cli;

/// <summary>Reads the API's errors: the contract's code (from the status details when present) and the exit code it means.</summary>
public static class ApiErrors
{
    /// <summary>Nothing answered: no connection, or a transport failure before the server said anything.</summary>
    public static bool IsUnreachable(RpcException e) =>
        (e.StatusCode == StatusCode.Unavailable && Info(e) is null) || (e.StatusCode == StatusCode.Internal && e.Status.DebugException is HttpRequestException);

    public static string Describe(RpcException e) => (e.Status.DebugException?.InnerException ?? e.Status.DebugException)?.Message ?? e.Status.Detail;

    public static string Code(RpcException e) => Info(e)?.Reason ?? e.StatusCode switch
    {
        StatusCode.InvalidArgument => "bad_input",
        StatusCode.Unauthenticated or StatusCode.PermissionDenied => "unauthorized",
        StatusCode.Aborted => "conflict",
        StatusCode.NotFound => "not_found",
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => "unreachable",
        _ => "failed",
    };

    public static int ExitCode(RpcException e) => e.StatusCode switch
    {
        StatusCode.InvalidArgument or StatusCode.Unauthenticated or StatusCode.PermissionDenied => ExitCodes.BadInput,
        StatusCode.Aborted => ExitCodes.Conflict,
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => ExitCodes.Unreachable,
        _ => ExitCodes.Failed,
    };

    private static ErrorInfo? Info(RpcException e)
    {
        var bytes = e.Trailers.GetValueBytes("grpc-status-details-bin");
        if (bytes is null) return null;
        try
        {
            return Google.Rpc.Status.Parser.ParseFrom(bytes).Details.FirstOrDefault(d => d.Is(ErrorInfo.Descriptor))?.Unpack<ErrorInfo>();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
