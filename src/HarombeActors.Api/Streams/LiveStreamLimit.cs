using Grpc.Core;

namespace HarombeActors.Api.Streams;

/// <summary>
/// Live streams that never end by themselves (the event stream, audit follow and tail) hold an actor or a journal query
/// each: a host serves at most <see cref="Max"/> at once, and refuses more with ResourceExhausted instead of running out.
/// </summary>
public sealed class LiveStreamLimit
{
    public const int Max = 64;
    private int _open;

    public IDisposable Enter()
    {
        if (Interlocked.Increment(ref _open) > Max)
        {
            Interlocked.Decrement(ref _open);
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"this host serves at most {Max} live streams at once; close one or ask another host"));
        }
        return new Lease(this);
    }

    private sealed class Lease(LiveStreamLimit limit) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Interlocked.Decrement(ref limit._open);
        }
    }
}
