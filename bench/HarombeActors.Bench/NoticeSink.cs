using Akka.Actor;

namespace HarombeActors.Bench;

/// <summary>The reply address of every benchmark consumer: takes the pushed notices and drops them.</summary>
public sealed class NoticeSink : ReceiveActor
{
    public NoticeSink() => ReceiveAny(_ => { });
}
