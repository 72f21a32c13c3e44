using Akka.Actor;
using HarombeActors.Routing;
using Microsoft.Extensions.Hosting;

namespace HarombeActors.Actors.Hosting;

/// <summary>
/// Joins the cluster once the master key guard (registered before it) has passed. A host whose key does not match the
/// journal stops before this runs, so it is never a member and never handed a shard to write under the wrong key.
/// </summary>
public sealed class JoinAfterKeyCheck(ActorSystem system, MembershipSettings membership) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        HarombeMembership.JoinSeeds(system, membership);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
