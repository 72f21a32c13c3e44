using HarombeActors.Api.Telemetry;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Api.Access;

/// <summary>
/// Refused calls are counted (metric harombe.api.auth.refused) and logged at most once per interval with the count
/// since the last line: a misconfigured fleet or a scan must not flood the log. No token is ever logged.
/// </summary>
public sealed class RefusalLog(ILogger<RefusalLog> logger, ApiMetrics metrics, TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly Lock _lock = new();
    private DateTimeOffset _lastLogged = DateTimeOffset.MinValue;
    private long _sinceLastLog;

    public void Refused(CallerKind kind, string peer, string why)
    {
        metrics.AuthRefused(kind);
        long count;
        lock (_lock)
        {
            _sinceLastLog++;
            var now = time.GetUtcNow();
            if (now - _lastLogged < Interval) return;
            _lastLogged = now;
            count = _sinceLastLog;
            _sinceLastLog = 0;
        }
        logger.LogWarning("{Kind} call refused ({Why}) from {Peer}; {Count} refused since the last report", kind.Name(), why, peer, count);
    }
}
