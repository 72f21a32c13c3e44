using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace HarombeActors.Actors.Consumers;

/// <summary>
/// The mailbox of consumer actors. Akka's default unbounded queue is a ConcurrentQueue whose first segment holds 32
/// envelopes (about 1 KiB) even when it is empty, and a secret holds one consumer actor per consumer: thousands of
/// them, each seeing a heartbeat every few seconds. A plain queue under a lock starts empty and grows as needed.
/// Bound by name in akka.hocon (<see cref="ConfigPath"/>); a mailbox type has no Akka.Hosting option.
/// </summary>
public sealed class CompactMailbox : MailboxType, IProducesMessageQueue<CompactMessageQueue>
{
    public const string ConfigPath = "harombe.compact-mailbox";

    public CompactMailbox(Settings settings, Config config) : base(settings, config)
    {
    }

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactMessageQueue();
}

/// <summary>Many writers, one reader (the actor's turn on the dispatcher); the count is read without the lock.</summary>
public sealed class CompactMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private readonly Queue<Envelope> _queue = new();
    private int _count;

    public bool HasMessages => Volatile.Read(ref _count) > 0;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (_queue)
        {
            _queue.Enqueue(envelope);
            Volatile.Write(ref _count, _queue.Count);
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        lock (_queue)
        {
            if (!_queue.TryDequeue(out envelope)) return false;
            Volatile.Write(ref _count, _queue.Count);
            return true;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }
}
