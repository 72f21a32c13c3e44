using Akka.Actor;
using HarombeActors.Contracts.Messages;

namespace HarombeActors.Bench;

/// <summary>The reply address of every benchmark consumer: counts the notices it receives by kind.</summary>
public sealed class NoticeCounter : ReceiveActor
{
    public static readonly Dictionary<NoticeKind, int> Counts = [];
    private static readonly Lock Gate = new();

    public NoticeCounter()
    {
        Receive<RotationNotice>(n =>
        {
            lock (Gate) Counts[n.Kind] = Counts.GetValueOrDefault(n.Kind) + 1;
        });
        ReceiveAny(_ => { });
    }

    public static int Count(NoticeKind kind)
    {
        lock (Gate) return Counts.GetValueOrDefault(kind);
    }
}
