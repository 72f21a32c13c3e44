using System.Diagnostics.Metrics;
using Grpc.Core;
using HarombeActors.Api.Access;

namespace HarombeActors.Api.Telemetry;

/// <summary>The front door's own metrics (meter "HarombeActors.Api"): calls by method and status, refused tokens by kind.</summary>
public sealed class ApiMetrics : IDisposable
{
    public const string MeterName = "HarombeActors.Api";

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _refused;

    public ApiMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _requests = _meter.CreateCounter<long>("harombe.api.requests", description: "API calls (gRPC and HTTP/JSON), by method and gRPC status");
        _refused = _meter.CreateCounter<long>("harombe.api.auth.refused", description: "Calls refused for a missing, unknown or wrong kind of token, by the kind the service needs");
    }

    /// <summary>Method is the RPC ("Operator/Rotate"): a fixed set, so a safe label.</summary>
    public void Request(string method, StatusCode status) =>
        _requests.Add(1, new KeyValuePair<string, object?>("method", method.TrimStart('/').Replace("harombe.v1.", "", StringComparison.Ordinal)),
            new KeyValuePair<string, object?>("status", status.ToString()));

    public void AuthRefused(CallerKind kind) => _refused.Add(1, new KeyValuePair<string, object?>("kind", kind.Name()));

    public void Dispose() => _meter.Dispose();
}
