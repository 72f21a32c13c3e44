using Akka.Actor;
using HarombeActors.Actors.Tests.Support;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;

namespace HarombeActors.Actors.Tests;

/// <summary>
/// Rollback abandons a held dual-write (the decision it waits for); while resources are being armed or consumers
/// awaited it is a conflict like any other command, and cancel is the way out.
/// </summary>
public class RollbackWhileInFlightTests : NodeTest
{
    private async Task<string> Phase(Domain.Ids.SecretPath path) => (await Ask<SecretStatus>(new GetStatus(path))).Rotation?.Phase ?? "none";

    private async Task RollbackIsAConflict(Domain.Ids.SecretPath path, string phase)
    {
        var before = (await JournalReader.EventsAsync(Node.System, path)).Count;
        var rejected = await Ask<CommandRejected>(new RollbackSecret(path, Alice, "too early"));
        Assert.Equal(RejectionCode.Conflict, rejected.Rejection.Code);
        Assert.Contains($"phase {phase}", rejected.Rejection.Message);
        Assert.Equal(before, (await JournalReader.EventsAsync(Node.System, path)).Count);
        Assert.Equal(phase, await Phase(path));
    }

    [Fact]
    public async Task A_rollback_while_arming_resources_or_waiting_for_consumers_is_a_conflict_and_writes_nothing()
    {
        var path = P("/secrets/in-flight");
        await Put(path, "v1-value");
        var database = Kit.CreateTestProbe();
        var api = Kit.CreateTestProbe();
        Node.Region.Tell(new Heartbeat(path, "database", 1, DateTimeOffset.UtcNow, database.Ref, ConsumerRole.Resource));
        Node.Region.Tell(new Heartbeat(path, "api", 1, DateTimeOffset.UtcNow, api.Ref));
        await Kit.AwaitAssertAsync(async () => Assert.Equal(2, (await Ask<ConsumerList>(new GetConsumers(path))).Consumers.Count), TimeSpan.FromSeconds(30));

        var policy = Policy(RotationStrategy.DualWrite) with { MigrationTimeout = TimeSpan.FromHours(1) };
        await Ask<RotationAccepted>(new RotateSecret(path, Alice, policy, SecretValue.Create("v2-value"), WaitForCompletion: false));
        Assert.Equal("arming-resources", await Phase(path));
        await RollbackIsAConflict(path, "arming-resources");

        Node.Region.Tell(new Heartbeat(path, "database", 2, DateTimeOffset.UtcNow, database.Ref, ConsumerRole.Resource));
        await Kit.AwaitAssertAsync(async () => Assert.Equal("waiting-for-consumers", await Phase(path)), TimeSpan.FromSeconds(30));
        await RollbackIsAConflict(path, "waiting-for-consumers");

        Assert.Equal("v1-value", await Reveal(path));
        Assert.Equal(RotationStatus.RolledBack, (await Ask<RotationOutcome>(new CancelRotation(path, Alice))).Result.Status);
    }
}
