using HarombeActors.Actors.Tests.Support;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Values;

namespace HarombeActors.Actors.Tests;

/// <summary>The actor system stops in the middle of a dual-write; a new one starts on the same SQLite files.</summary>
public class CrashRecoveryTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    // An hour: no deadline can fire by wall-clock accident while the test runs; the test moves the node's clock instead.
    private static readonly RotationPolicy Dual = new()
    {
        Strategy = RotationStrategy.DualWrite, RequireVerification = false,
        MigrationTimeout = TimeSpan.FromHours(1), OnMigrationTimeout = MigrationTimeoutAction.Promote, StaleAfter = NeverStale,
    };

    /// <summary>svc-a moves to v2, svc-b stays on v1; returns once the rotation is waiting for svc-b, as the node stops.</summary>
    private async Task<Domain.Ids.SecretPath> StartDualWrite()
    {
        var path = P("/secrets/crash");
        await Put(path, "old-value");
        var a = Kit.CreateTestProbe();
        var b = Kit.CreateTestProbe();
        Beat(path, "svc-a", 1, a.Ref);
        Beat(path, "svc-b", 1, b.Ref);
        await Registered(path, 2);
        await Ask<RotationAccepted>(new RotateSecret(path, Alice, Dual, SecretValue.Create("new-value"), WaitForCompletion: false));
        a.ExpectMsg<RotationNotice>(TimeSpan.FromSeconds(10));
        Beat(path, "svc-a", 2, a.Ref);
        await JournalWith(path, e => e is ConsumerMigrated);

        // Still in flight when the node stops: otherwise what follows would prove nothing about resuming.
        var status = await Ask<SecretStatus>(new GetStatus(path));
        Assert.Equal("waiting-for-consumers", status.Rotation?.Phase);
        Assert.DoesNotContain(await Journal(path), e => e is MigrationTimedOut or RotationCompleted);
        return path;
    }

    private async Task Restart(TimeSpan? jumpWhileDown = null)
    {
        await Node.StopAsync();
        if (jumpWhileDown is { } jump) Node.Clock.Advance(jump);
        await Node.StartAsync();
        Kit = new Akka.TestKit.Xunit2.TestKit(Node.System);
    }

    [Fact]
    public async Task An_in_flight_dual_write_resumes_by_itself_and_times_out_at_its_original_deadline()
    {
        var path = await StartDualWrite();
        var deadline = (await Journal(path)).OfType<DualModeEnabled>().Single().At + Dual.MigrationTimeout;
        // While the node is down, time moves to 5 s before the deadline set when dual mode began.
        var margin = TimeSpan.FromSeconds(5);
        await Restart(deadline - margin - Node.Clock.GetUtcNow());

        // No message goes to the secret: remember-entities restarts it, and its migration deadline fires.
        var events = await JournalWith(path, e => e is RotationCompleted, TimeSpan.FromSeconds(60));

        // Re-armed from the persisted DualModeEnabled time: it fired at the original deadline (not before, and not a
        // fresh hour after the restart). A slow restart past the deadline makes it fire at once, later, never earlier.
        var timedOut = events.OfType<MigrationTimedOut>().Single();
        Assert.True(timedOut.At >= deadline - TimeSpan.FromSeconds(1), $"fired at {timedOut.At:O}, before the deadline {deadline:O}");
        Assert.True(timedOut.At < deadline + Dual.MigrationTimeout / 2, $"fired at {timedOut.At:O}: re-armed for a full timeout after the restart");
        Assert.Equal("svc-b", timedOut.StuckConsumers.Single());
        var status = await Ask<SecretStatus>(new GetStatus(path));
        Assert.Equal(2, status.CurrentVersion);
        Assert.Equal(1, status.PreviousVersion);
    }

    [Fact]
    public async Task After_a_restart_both_values_stay_valid_and_the_consumers_are_still_known()
    {
        var path = await StartDualWrite();
        await Restart();

        var status = await Ask<SecretStatus>(new GetStatus(path));
        Assert.True(status.DualMode);
        Assert.Equal("waiting-for-consumers", status.Rotation!.Phase);
        Assert.Equal("old-value", await Reveal(path));
        Assert.Equal("new-value", await Reveal(path, "pending"));
        var consumers = await Ask<ConsumerList>(new GetConsumers(path));
        Assert.Equal(["svc-a", "svc-b"], consumers.Consumers.Select(c => c.ConsumerId));
        Assert.Equal([2, 1], consumers.Consumers.Select(c => c.SecretVersion));

        // svc-b comes back (new reply address) and moves: promotion follows at once.
        var b = Kit.CreateTestProbe();
        Beat(path, "svc-a", 2, Kit.CreateTestProbe().Ref);
        Beat(path, "svc-b", 2, b.Ref);
        Assert.Equal(NoticeKind.Promoted, b.ExpectMsg<RotationNotice>(TimeSpan.FromSeconds(10)).Kind);
        Assert.Equal("new-value", await Reveal(path));
    }
}
