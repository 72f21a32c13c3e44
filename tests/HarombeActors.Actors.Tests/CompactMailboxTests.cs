using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using HarombeActors.Actors.Consumers;
using HarombeActors.Contracts.Serialization;

namespace HarombeActors.Actors.Tests;

/// <summary>
/// The consumer actors' mailbox, bound as akka.hocon binds it: many senders at once, one reader; nothing lost, each
/// sender's messages in the order it sent them (the guarantee Akka's own mailboxes give).
/// </summary>
public class CompactMailboxTests() : TestKit(ShippedBinding())
{
    private static Config ShippedBinding()
    {
        var type = ConfigurationFactory.ParseString(HarombeHocon.Text).GetString(CompactMailbox.ConfigPath + ".mailbox-type");
        return ConfigurationFactory.ParseString($"{CompactMailbox.ConfigPath}.mailbox-type = \"{type}\"");
    }

    [Fact]
    public void Messages_from_many_threads_all_arrive_each_senders_in_order()
    {
        const int senders = 4, each = 25_000;
        var checker = Sys.ActorOf(Props.Create(() => new OrderChecker(senders)).WithMailbox(CompactMailbox.ConfigPath));

        Parallel.For(0, senders, s =>
        {
            for (var i = 0; i < each; i++) checker.Tell(new Numbered(s, i));
        });
        checker.Tell(Report.Instance, TestActor);

        Assert.Equal((senders * each, 0, typeof(CompactMessageQueue)), ExpectMsg<(int Received, int OutOfOrder, Type Queue)>(TimeSpan.FromSeconds(30)));
    }

    private sealed record Numbered(int Sender, int Index);

    private sealed record Report
    {
        public static readonly Report Instance = new();
    }

    private sealed class OrderChecker : UntypedActor
    {
        private readonly int[] _next;
        private int _received;
        private int _outOfOrder;

        public OrderChecker(int senders) => _next = new int[senders];

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Numbered n:
                    _received++;
                    if (n.Index != _next[n.Sender]) _outOfOrder++;
                    _next[n.Sender] = n.Index + 1;
                    break;
                case Report:
                    Sender.Tell((_received, _outOfOrder, ((ActorCell)Context).Mailbox!.MessageQueue.GetType()));
                    break;
            }
        }
    }
}
