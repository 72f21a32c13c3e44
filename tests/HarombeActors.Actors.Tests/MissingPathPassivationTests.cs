using Akka.Actor;
using Akka.Cluster.Sharding;
using HarombeActors.Actors.Tests.Support;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;

namespace HarombeActors.Actors.Tests;

/// <summary>
/// A read of a path that does not exist starts an entity; it passivates (here after 300 ms instead of 15 s) so it is
/// neither kept in memory nor remembered and restarted with the node, while a secret that exists stays.
/// </summary>
public class MissingPathPassivationTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    protected override TestNode CreateNode() => new(null, AcceptsGood, Gate) { Settings = s => s with { PassivateMissingAfter = TimeSpan.FromMilliseconds(300) } };

    /// <summary>The entities the region runs now, read from the region itself: asking a secret would wake it.</summary>
    private async Task<IReadOnlySet<string>> Running()
    {
        var state = await Node.Region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, AskTimeout);
        return state.Shards.SelectMany(s => s.EntityIds).ToHashSet();
    }

    [Fact]
    public async Task An_entity_for_a_missing_path_passivates_and_is_not_started_again_with_the_node()
    {
        var missing = P("/nothing/here");
        var existing = P("/something/here");
        await Put(existing, "v1");
        Assert.False((await Ask<SecretStatus>(new GetStatus(missing))).Exists);
        Assert.Contains(missing.Value, await Running()); // the read did start it

        await Kit.AwaitAssertAsync(async () => Assert.DoesNotContain(missing.Value, await Running()), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        Assert.Contains(existing.Value, await Running());

        // Remembered entities come back with the node without any message; the passivated one does not.
        await Node.StopAsync();
        await Node.StartAsync();
        await Kit.AwaitAssertAsync(async () => Assert.Contains(existing.Value, await Running()), TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200));
        Assert.DoesNotContain(missing.Value, await Running());
    }
}
