using Akka.Cluster.Tools.PublishSubscribe;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Emergency;
using HarombeActors.Domain.Replies;

namespace HarombeActors.Actors.Tests;

/// <summary>What happens to a secret is published on the cluster's topic once persisted, for every subscriber (the event stream, webhooks).</summary>
public class NoticeTests(Xunit.Abstractions.ITestOutputHelper output) : Support.NodeTest(output)
{
    [Fact]
    public async Task An_emergency_and_a_security_event_are_published_on_the_topic_without_a_value()
    {
        var path = P("/secrets/noticed");
        // Subscribed before the write: its notice (secret.written, with the fingerprint) comes first, in publish order.
        var probe = Kit.CreateTestProbe();
        DistributedPubSub.Get(Node.System).Mediator.Tell(new Subscribe(SecretNotice.Topic, probe.Ref), probe.Ref);
        probe.ExpectMsg<SubscribeAck>(TimeSpan.FromSeconds(10));
        var written = await Put(path, "leaked-value");
        var writtenNotice = probe.ExpectMsg<SecretNotice>(TimeSpan.FromSeconds(10));
        Assert.Equal(("secret.written", "alice", 1, written.Fingerprint), (writtenNotice.Kind, writtenNotice.By, writtenNotice.NewVersion, writtenNotice.Fingerprint));

        var started = await Ask<EmergencyStarted>(new EmergencyRotate(path, Alice, "posted to a public channel"));
        var declared = probe.ExpectMsg<SecretNotice>(TimeSpan.FromSeconds(10));
        Assert.Equal(("emergency.declared", "alice", "posted to a public channel", "emergency"), (declared.Kind, declared.By, declared.Reason, declared.Trigger));
        Assert.Equal(["rotation.started", "rotation.completed"], probe.ReceiveN(2, TimeSpan.FromSeconds(10)).Cast<SecretNotice>().Select(n => n.Kind));

        var assessed = await Ask<SecurityEventAssessed>(new ReportSecurityEvent(path, Alice, new SecurityEvent("anomalous_behavior", ThreatLevel.Medium)));
        Assert.False(assessed.Rotated);
        var security = probe.ExpectMsg<SecretNotice>(TimeSpan.FromSeconds(10));
        Assert.Equal(("security_event", "not rotated"), (security.Kind, security.Outcome));
        Assert.Equal(started.RotationId, (await Ask<SecretStatus>(new Domain.Queries.GetStatus(path))).LastRotation!.RotationId);
        Assert.DoesNotContain("leaked-value", declared.ToString(), StringComparison.Ordinal);
    }
}
