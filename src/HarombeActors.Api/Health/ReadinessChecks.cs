using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using HarombeActors.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HarombeActors.Api.Health;

/// <summary>
/// Ready means a request would be served: the shard region reaches its coordinator (the first message after MemberUp
/// can take a second while the coordinator starts), checked by asking it for the current regions.
/// </summary>
public sealed class SecretRegionReadinessCheck : IAkkaHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(AkkaHealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!context.ActorRegistry.TryGet<SecretRegion>(out var region)) return HealthCheckResult.Unhealthy("the secret shard region has not started");
        try
        {
            var regions = await region.Ask<CurrentRegions>(GetCurrentRegions.Instance, Timeout, cancellationToken);
            return regions.Regions.Count > 0
                ? HealthCheckResult.Healthy($"{regions.Regions.Count} host region(s) known to the coordinator")
                : HealthCheckResult.Unhealthy("the coordinator knows no host region yet");
        }
        catch (AskTimeoutException)
        {
            return HealthCheckResult.Unhealthy("the shard coordinator did not answer in time");
        }
    }
}

/// <summary>
/// The journal answers a write and a read (see <see cref="JournalProbe"/>). One probe at a time, and a result is reused
/// for a couple of seconds, so frequent polling does not turn into journal load.
/// </summary>
public sealed class JournalReadinessCheck(string readJournalId) : IAkkaHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _one = new(1, 1);
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(AkkaHealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } last && DateTimeOffset.UtcNow - last.At < Reuse) return last.Result;
            var result = await ProbeAsync(context.ActorSystem, cancellationToken);
            _last = (DateTimeOffset.UtcNow, result);
            return result;
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(ActorSystem system, CancellationToken cancellationToken)
    {
        // A fresh probe each time: a journal failure stops a persistent actor, and the next check must start clean.
        var address = Akka.Cluster.Cluster.Get(system).SelfAddress;
        var persistenceId = $"harombe-health-{address.Host}-{address.Port}";
        var probe = system.ActorOf(JournalProbe.Props(persistenceId, readJournalId));
        try
        {
            var result = await probe.Ask<JournalProbe.ProbeResult>(JournalProbe.Probe.Instance, Timeout, cancellationToken);
            return result.Ok ? HealthCheckResult.Healthy(result.Detail) : HealthCheckResult.Unhealthy(result.Detail);
        }
        catch (AskTimeoutException)
        {
            return HealthCheckResult.Unhealthy("the journal did not answer the probe in time");
        }
        finally
        {
            system.Stop(probe);
        }
    }
}
