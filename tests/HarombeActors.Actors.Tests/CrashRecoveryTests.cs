using Akka.Actor;
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
public class CrashRecoveryTests : NodeTest
{
    private async Task<Domain.Ids.SecretPath> StartDualWrite(RotationPolicy policy)
    {
        var path = P("/secrets/crash");
        await Put(path, "old-value");
        var a = Kit.CreateTestProbe();
        var b = Kit.CreateTestProbe();
        Node.Region.Tell(new Heartbeat(path, "svc-a", 1, DateTimeOffset.UtcNow, a.Ref));
        Node.Region.Tell(new Heartbeat(path, "svc-b", 1, DateTimeOffset.UtcNow, b.Ref));
        await Kit.AwaitAssertAsync(async () => Assert.Equal(2, (await Ask<ConsumerList>(new GetConsumers(path))).Consumers.Count));
        await Ask<RotationAccepted>(new RotateSecret(path, Alice, policy, SecretValue.Create("new-value"), WaitForCompletion: false));
        a.ExpectMsg<RotationNotice>(TimeSpan.FromSeconds(10));
        Node.Region.Tell(new Heartbeat(path, "svc-a", 2, DateTimeOffset.UtcNow, a.Ref));
        await Kit.AwaitAssertAsync(async () =>
            Assert.Contains((await JournalReader.EventsAsync(Node.System, path)), e => e is ConsumerMigrated));
        return path;
    }

    private async Task Restart()
    {
        await Node.StopAsync();
        await Node.StartAsync();
        Kit = new Akka.TestKit.Xunit2.TestKit(Node.System);
    }

    [Fact]
    public async Task An_in_flight_dual_write_resumes_by_itself_and_times_out_by_its_policy()
    {
        var policy = new RotationPolicy
        {
            Strategy = RotationStrategy.DualWrite, RequireVerification = false,
            MigrationTimeout = TimeSpan.FromSeconds(6), OnMigrationTimeout = MigrationTimeoutAction.Promote,
        };
        var path = await StartDualWrite(policy);
        await Restart();

        // No message goes to the secret: remember-entities restarts it, and its migration deadline fires.
        await Kit.AwaitAssertAsync(async () =>
        {
            var events = await JournalReader.EventsAsync(Node.System, path);
            Assert.Contains(events, e => e is MigrationTimedOut);
            Assert.Contains(events, e => e is RotationCompleted);
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));

        var status = await Ask<SecretStatus>(new GetStatus(path));
        Assert.Equal(2, status.CurrentVersion);
        Assert.Equal(1, status.PreviousVersion);
        Assert.Equal("svc-b", (await JournalReader.EventsAsync(Node.System, path)).OfType<MigrationTimedOut>().Single().StuckConsumers.Single());
    }

    [Fact]
    public async Task After_a_restart_both_values_stay_valid_and_the_consumers_are_still_known()
    {
        var policy = new RotationPolicy
        {
            Strategy = RotationStrategy.DualWrite, RequireVerification = false, MigrationTimeout = TimeSpan.FromSeconds(60),
        };
        var path = await StartDualWrite(policy);
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
        Node.Region.Tell(new Heartbeat(path, "svc-a", 2, DateTimeOffset.UtcNow, Kit.CreateTestProbe().Ref));
        Node.Region.Tell(new Heartbeat(path, "svc-b", 2, DateTimeOffset.UtcNow, b.Ref));
        Assert.Equal(NoticeKind.Promoted, b.ExpectMsg<RotationNotice>(TimeSpan.FromSeconds(10)).Kind);
        Assert.Equal("new-value", await Reveal(path));
    }
}
