using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Akka.Actor;
using HarombeActors.Domain.Commands;

namespace HarombeActors.Api.Streams;

/// <summary>
/// The bridge between the actors and one server-streaming call: a local actor registers itself with a secret (and
/// registers again every <c>repeat</c>, so a secret that restarted, passivated or moved to another host learns of it
/// again), and every message it receives becomes an item the call reads. The actor stops when the call ends.
/// </summary>
public static class StreamRelay
{
    public static async IAsyncEnumerable<object> OpenAsync(
        ActorSystem system, IActorRef region, Func<IActorRef, ISecretMessage> register, TimeSpan repeat, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var relay = system.ActorOf(Props.Create(() => new RelayActor(region, register, repeat, channel.Writer)));
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken)) yield return item;
        }
        finally
        {
            system.Stop(relay);
        }
    }

    private sealed class RelayActor : ReceiveActor, IWithTimers
    {
        private readonly IActorRef _region;
        private readonly Func<IActorRef, ISecretMessage> _register;
        private readonly TimeSpan _repeat;
        private readonly ChannelWriter<object> _writer;

        public ITimerScheduler Timers { get; set; } = null!;

        public RelayActor(IActorRef region, Func<IActorRef, ISecretMessage> register, TimeSpan repeat, ChannelWriter<object> writer)
        {
            _region = region;
            _register = register;
            _repeat = repeat;
            _writer = writer;
            Receive<Repeat>(_ => _region.Tell(_register(Self)));
            ReceiveAny(m => _writer.TryWrite(m));
        }

        protected override void PreStart()
        {
            _region.Tell(_register(Self));
            Timers.StartPeriodicTimer(nameof(Repeat), Repeat.Instance, _repeat);
        }

        protected override void PostStop() => _writer.TryComplete();

        private sealed class Repeat : Contracts.Serialization.ILocalOnlyMessage
        {
            public static readonly Repeat Instance = new();
        }
    }
}
