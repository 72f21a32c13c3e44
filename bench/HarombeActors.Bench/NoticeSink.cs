using Akka.Actor;
using HarombeActors.Contracts.Messages;

namespace HarombeActors.Bench;

/// <summary>The reply address of benchmark consumers: takes the pushed notices and hands them to <paramref name="onNotice"/>, if any.</summary>
public sealed class NoticeSink : ReceiveActor
{
    public NoticeSink(Action<RotationNotice>? onNotice)
    {
        Receive<RotationNotice>(n => onNotice?.Invoke(n));
        ReceiveAny(_ => { });
    }
}
