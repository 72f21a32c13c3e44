using HarombeActors.Actors.Tests.Support;
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
public class RollbackWhileInFlightTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    private async Task<string> Phase(Domain.Ids.SecretPath path) => (await Ask<SecretStatus>(new GetStatus(path))).Rotation?.Phase ?? "none";

    private async Task RollbackIsAConflict(Domain.Ids.SecretPath path, string phase)
    {
        var before = (await Journal(path)).Count;
        var rejected = await Ask<CommandRejected>(new RollbackSecret(path, Alice, "too early"));
        Assert.Equal(RejectionCode.Conflict, rejected.Rejection.Code);
        Assert.Contains($"phase {phase}", rejected.Rejection.Message);
        Assert.Equal(before, (await Journal(path)).Count);
        Assert.Equal(phase, await Phase(path));
    }

    [Fact]
    public async Task A_rollback_while_arming_resources_or_waiting_for_consumers_is_a_conflict_and_writes_nothing()
    {
        var path = P("/secrets/in-flight");
        await Put(path, "v1-value");
        var database = Kit.CreateTestProbe();
        var api = Kit.CreateTestProbe();
        Beat(path, "database", 1, database.Ref, ConsumerRole.Resource);
        Beat(path, "api", 1, api.Ref);
        await Registered(path, 2);

        var policy = Policy(RotationStrategy.DualWrite) with { MigrationTimeout = TimeSpan.FromHours(1), StaleAfter = NeverStale };
        await Ask<RotationAccepted>(new RotateSecret(path, Alice, policy, SecretValue.Create("v2-value"), WaitForCompletion: false));
        Assert.Equal("arming-resources", await Phase(path));
        await RollbackIsAConflict(path, "arming-resources");

        Beat(path, "database", 2, database.Ref, ConsumerRole.Resource);
        await Kit.AwaitAssertAsync(async () => Assert.Equal("waiting-for-consumers", await Phase(path)), TimeSpan.FromSeconds(30));
        await RollbackIsAConflict(path, "waiting-for-consumers");

        Assert.Equal("v1-value", await Reveal(path));
        Assert.Equal(RotationStatus.RolledBack, (await Ask<RotationOutcome>(new CancelRotation(path, Alice))).Result.Status);
    }
}
