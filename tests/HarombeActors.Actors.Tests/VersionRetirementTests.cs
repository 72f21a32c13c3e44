using HarombeActors.Actors.Tests.Support;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.State;

namespace HarombeActors.Actors.Tests;

/// <summary>After a rollback, the version rolled away from stays valid until no live client reports it; then it is retired.</summary>
public class VersionRetirementTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    [Fact]
    public async Task VersionRetired_is_persisted_once_the_last_client_moves_back_and_resources_are_told_to_drop_the_version()
    {
        var path = P("/secrets/retire");
        await Put(path, "v1-value");
        // Between rotations the stored policy's staleAfter applies: the probes heartbeat rarely, so it is the longest.
        await Ask<PolicyAccepted>(new SetPolicy(path, new RotationPolicy { RequireVerification = false, StaleAfter = NeverStale }, Alice));
        var database = Kit.CreateTestProbe();
        var api = Kit.CreateTestProbe();
        Beat(path, "database", 1, database.Ref, ConsumerRole.Resource);
        Beat(path, "api", 1, api.Ref);
        await Registered(path, 2);

        Assert.True((await Rotate(path, Policy(RotationStrategy.Immediate), "v2-value")).Success);
        Beat(path, "database", 2, database.Ref, ConsumerRole.Resource);
        Beat(path, "api", 2, api.Ref);
        await JournalWith(path, e => e is ConsumerMigrated { ToVersion: 2 } m && m.ConsumerId.Value == "api");

        Assert.True((await Ask<RotationOutcome>(new RollbackSecret(path, Alice, "bad deploy"))).Result.RollbackPerformed);
        // "api" still presents v2: v2 stays valid while it moves back, and the resource is told to keep accepting both.
        var rolledBack = database.FishForMessage<RotationNotice>(n => n.Kind == NoticeKind.RolledBack, TimeSpan.FromSeconds(15));
        Assert.Equal([1, 2], rolledBack.ValidVersions);
        Assert.Equal(1, rolledBack.PreferredVersion);
        Assert.DoesNotContain(await Journal(path), e => e is VersionRetired);

        Beat(path, "api", 1, api.Ref);
        var events = await JournalWith(path, e => e is VersionRetired);
        Assert.Equal(2, events.OfType<VersionRetired>().Single().Version);
        var drop = database.FishForMessage<RotationNotice>(n => n.ValidVersions.SequenceEqual([1]), TimeSpan.FromSeconds(15));
        Assert.Equal(1, drop.PreferredVersion);
        Assert.Equal([1], (await Ask<SecretStatus>(new GetStatus(path))).ValidVersions);
        Assert.Contains((await Ask<SecretHistory>(new GetHistory(path))).Events, e => e.Type == "VersionRetired" && e.Summary.StartsWith("v2 no longer valid", StringComparison.Ordinal));
    }
}
