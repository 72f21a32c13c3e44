using Akka.Actor;
using HarombeActors.Actors.Tests.Support;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;

namespace HarombeActors.Actors.Tests;

/// <summary>The front door's heartbeats: acknowledged with what to use now, and a new consumer is registered before the acknowledgement.</summary>
public class AcknowledgedHeartbeatTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    private Task<object> Beat(string path, string consumer, int version) =>
        Node.Region.Ask<object>(new Heartbeat(P(path), consumer, version, DateTimeOffset.UtcNow, ReplyTo: null, ConsumerRole.Client, Ack: true), AskTimeout);

    [Fact]
    public async Task An_acknowledged_first_heartbeat_means_a_rotation_started_next_waits_for_that_consumer()
    {
        await Put(P("/ack/db"), "ack-value-1");
        var ack = Assert.IsType<HeartbeatAccepted>(await Beat("/ack/db", "new-svc", 1));
        Assert.Equal((1, 1), (ack.CurrentVersion, ack.PreferredVersion));
        Assert.Equal([1], ack.ValidVersions);
        // No waiting: the registration is persisted before the acknowledgement.
        Assert.Equal(1, (await Ask<SecretStatus>(new GetStatus(P("/ack/db")))).Consumers.Total);

        var started = await Ask<RotationAccepted>(new RotateSecret(P("/ack/db"), Alice, new RotationPolicy
        {
            Strategy = RotationStrategy.DualWrite, RequireVerification = false, MigrationTimeout = TimeSpan.FromMinutes(1),
        }, SecretValue.Create("ack-value-2"), WaitForCompletion: false));
        Assert.Equal("waiting-for-consumers", started.Phase);
        var during = Assert.IsType<HeartbeatAccepted>(await Beat("/ack/db", "new-svc", 1));
        Assert.Equal((1, 2), (during.CurrentVersion, during.PreferredVersion));
        Assert.Equal([1, 2], during.ValidVersions);
    }

    [Fact]
    public async Task A_refused_acknowledged_heartbeat_is_answered_to_its_sender()
    {
        await Put(P("/ack/refused"), "ack-value-1");
        var refused = Assert.IsType<HeartbeatRejected>(await Beat("/ack/refused", "svc", 7));
        Assert.Equal("version", refused.Rejection.Field);
        Assert.Equal(0, (await Ask<SecretStatus>(new GetStatus(P("/ack/refused")))).Consumers.Total);
    }
}
