using Akka.TestKit.Xunit2;
using HarombeActors.Actors.Consumers;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.State;

namespace HarombeActors.Actors.Tests;

/// <summary>
/// One consumer's retention, on a clock the test sets: it counts from the last heartbeat, not from the registration,
/// and only a stale consumer is reported. The parent here is the test actor.
/// </summary>
public class ConsumerRetentionTests : TestKit
{
    private static readonly ConsumerId Id = ConsumerId.Parse("pod-1");
    private static readonly SecretPath Path = SecretPath.Parse("/secrets/retention");
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    // Read by the consumer on its own thread: kept as ticks and moved atomically.
    private long _elapsedTicks;

    private DateTimeOffset Clock() => Start + TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

    private void Advance(TimeSpan by) => Interlocked.Add(ref _elapsedTicks, by.Ticks);

    /// <summary>A heartbeat, handled by the time this returns (the description asked after it answers after it).</summary>
    private List<object> Beat(Akka.Actor.IActorRef consumer) => Send(consumer, new Heartbeat(Path, Id.Value, 1, Clock(), null));

    /// <summary>The liveness check the secret sends from its timer; what the consumer told its parent in answer.</summary>
    private List<object> Check(Akka.Actor.IActorRef consumer) => Send(consumer, CheckLiveness.Instance);

    private List<object> Send(Akka.Actor.IActorRef consumer, object message)
    {
        consumer.Tell(message, TestActor);
        consumer.Tell(new DescribeConsumer(TestActor), TestActor);
        var before = new List<object>();
        FishForMessage(m =>
        {
            if (m is ConsumerDescription) return true;
            before.Add(m);
            return false;
        });
        return before;
    }

    [Fact]
    public void Retention_counts_from_the_last_heartbeat()
    {
        // staleAfter 100 ms on the clock set here; the checks are the test's, as the secret's timer would send them.
        var consumer = ChildActorOf(ConsumerActor.Props(Id, null, TimeSpan.FromMilliseconds(100), VersionChangeLimit.Default, Retention, Clock));
        Beat(consumer);

        Advance(TimeSpan.FromMinutes(50));
        Beat(consumer);
        Advance(TimeSpan.FromMinutes(50));
        // 100 minutes after it registered, but 50 after it last spoke: stale, not expired.
        Assert.Equal([new LivenessChanged(Id, true)], Check(consumer));
        Assert.Empty(Check(consumer));

        Advance(TimeSpan.FromMinutes(11));
        Assert.Equal([new RetentionExpired(Id)], Check(consumer));
        // Reported once, not at every check.
        Assert.Empty(Check(consumer));
    }

    [Fact]
    public void A_consumer_that_speaks_again_is_reported_again_only_after_another_full_retention()
    {
        var consumer = ChildActorOf(ConsumerActor.Props(Id, new ConsumerRecord(Id, 1, Start, Start), TimeSpan.FromMilliseconds(100), VersionChangeLimit.Default, Retention, Clock));
        // Started (it reads the clock when it starts) before the clock moves.
        consumer.Tell(new DescribeConsumer(TestActor), TestActor);
        ExpectMsg<ConsumerDescription>();
        Advance(Retention + TimeSpan.FromMinutes(1));
        Assert.Equal([new LivenessChanged(Id, true), new RetentionExpired(Id)], Check(consumer));

        Assert.Equal([new LivenessChanged(Id, false)], Beat(consumer));
        Advance(TimeSpan.FromMinutes(59));
        Assert.Equal([new LivenessChanged(Id, true)], Check(consumer));
        Advance(TimeSpan.FromMinutes(2));
        Assert.Equal([new RetentionExpired(Id)], Check(consumer));
    }
}
