using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using HarombeActors.Client;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.State;

namespace HarombeActors.Showcase;

// What the demo and the zero-downtime harness share (the harness links this file): consumers in this process and
// the requests their clients send to a protected resource.

public static class LocalConsumers
{
    /// <summary>A consumer of <paramref name="path"/> from the client library, heartbeating every second.</summary>
    public static SecretCredentials Start(ActorSystem system, IActorRef region, SecretPath path, string id, ConsumerRole role)
    {
        var credentials = new SecretCredentials();
        var options = new SecretConsumerOptions(path, ConsumerId.Parse(id)) { HeartbeatInterval = TimeSpan.FromSeconds(1), Role = role };
        system.ActorOf(SecretConsumerActor.Props(region, options, credentials));
        return credentials;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; a program step that never settles is an error, not a hang.</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > limit) throw new TimeoutException($"{what} in {limit.TotalSeconds:0} s");
            await Task.Delay(5);
        }
    }
}

/// <summary>
/// Every client presents its current credential to the resource about once a millisecond until stopped. A refused
/// request is a failure; its time (Stopwatch ticks since the start) is kept, so a caller can measure windows.
/// </summary>
public sealed class RequestTraffic
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Task> _senders;
    private long _requests;
    private long _failed;

    private RequestTraffic(SecretCredentials resource, IEnumerable<SecretCredentials> clients) =>
        _senders = clients.Select(c => Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref _requests);
                if (!resource.Accepts(c.Current!.Current.RevealPlaintext()))
                {
                    Interlocked.Increment(ref _failed);
                    FailureTicks.Enqueue(_clock.ElapsedTicks);
                }
                await Task.Delay(1);
            }
        })).ToList();

    public long Requests => Interlocked.Read(ref _requests);
    public long Failed => Interlocked.Read(ref _failed);
    public ConcurrentQueue<long> FailureTicks { get; } = new();

    public static RequestTraffic Start(SecretCredentials resource, IEnumerable<SecretCredentials> clients) => new(resource, clients);

    public async Task StopAsync()
    {
        _stop.Cancel();
        await Task.WhenAll(_senders);
        _stop.Dispose();
    }
}
