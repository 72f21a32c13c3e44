using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.TestKit.Xunit2;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Values;

namespace HarombeActors.Client.Tests;

/// <summary>
/// One consumer actor against a probe standing in for the secret region (a fake region, named so): it reads once,
/// then every read fails, and the consumer must keep serving what it has while retrying less and less often.
/// </summary>
public class SecretConsumerBackoffTests : TestKit
{
    private static readonly SecretPath Path = SecretPath.Parse("/client/backoff");
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(400);

    private static SecretStatus Status(int version) =>
        new(Path, true, version, null, null, null, null, null, false, [version], version, null, new ConsumerCounts(1, 1, 0), RotationPolicy.Default, true, null, []);

    [Fact]
    public void While_reads_fail_the_consumer_serves_the_last_value_and_retries_with_doubling_backoff_up_to_the_maximum()
    {
        var fakeRegion = CreateTestProbe();
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings.Ref, typeof(Warning));
        var credentials = new SecretCredentials();
        // Heartbeats an hour apart and a long read timeout: every read here fails by refusal, nothing by the clock.
        var options = new SecretConsumerOptions(Path, ConsumerId.Parse("svc"))
        {
            MinBackoff = MinBackoff, MaxBackoff = MaxBackoff, HeartbeatInterval = TimeSpan.FromHours(1), RequestTimeout = TimeSpan.FromHours(1),
        };
        var consumer = Sys.ActorOf(SecretConsumerActor.Props(fakeRegion.Ref, options, credentials));

        fakeRegion.ExpectMsg<GetStatus>();
        fakeRegion.Reply(Status(1));
        Assert.Equal(1, fakeRegion.ExpectMsg<GetSecret>().Selector.Number);
        fakeRegion.Reply(new SecretRead(Path, "1", 1, "abcd1234", DateTimeOffset.UtcNow, SecretValue.Create("last-known-value")));
        Assert.Equal(1, fakeRegion.ExpectMsg<Heartbeat>().Version);

        // A notice asks for a fresh read; from now on every read is refused.
        consumer.Tell(new RotationNotice(Path, NoticeKind.ValidVersionsChanged, null, 2, [2], 2));
        var announced = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        for (var i = 0; i < 5; i++)
        {
            fakeRegion.ExpectMsg<GetStatus>(TimeSpan.FromSeconds(30));
            if (i > 0)
            {
                // A retry never comes before the backoff announced for it (a loaded machine only makes it later).
                var gap = clock.Elapsed - last;
                Assert.True(gap >= announced[^1] - TimeSpan.FromMilliseconds(15), $"retry {i} after {gap.TotalMilliseconds:0} ms, announced {announced[^1].TotalMilliseconds:0} ms");
            }
            last = clock.Elapsed;
            fakeRegion.Reply(new CommandRejected(Path.Value, new Rejection(RejectionCode.InvalidState, "the cluster is having a bad day")));
            var warning = warnings.FishForMessage<Warning>(w => w.Message.ToString()!.Contains("read failed", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            announced.Add(TimeSpan.Parse(warning.Message.ToString()!.Split("retrying in ")[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("last-known-value", credentials.Current?.Current.RevealPlaintext());
            Assert.True(credentials.Accepts("last-known-value"));
        }
        Assert.Equal([100, 200, 400, 400, 400], announced.Select(a => (int)a.TotalMilliseconds));
    }
}
