using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace HarombeActors.Api.Streams;

/// <summary>
/// The bridge between a DistributedPubSub topic and one server-streaming call: a local actor subscribes, and every
/// message published on the topic anywhere in the cluster becomes an item the call reads. The first item is the
/// mediator's <see cref="SubscribeAck"/>, so the call can tell its caller that the subscription is in place. A reader
/// that falls more than <see cref="Capacity"/> items behind loses the oldest: a slow watcher never holds the host's memory.
/// </summary>
public static class TopicRelay
{
    public const int Capacity = 10_000;

    public static async IAsyncEnumerable<object> OpenAsync(ActorSystem system, string topic, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<object>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
        var relay = system.ActorOf(Props.Create(() => new RelayActor(topic, channel.Writer)));
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken)) yield return item;
        }
        finally
        {
            // The mediator watches its subscribers: a stopped relay is unsubscribed.
            system.Stop(relay);
        }
    }

    private sealed class RelayActor : ReceiveActor
    {
        public RelayActor(string topic, ChannelWriter<object> writer)
        {
            DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(topic, Self));
            ReceiveAny(message => writer.TryWrite(message));
        }
    }
}
