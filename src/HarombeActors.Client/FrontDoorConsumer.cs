using Grpc.Core;
using HarombeActors.Domain.State;
using SecretValue = HarombeActors.Domain.Values.SecretValue;
using HarombeActors.Protocol;
using HarombeActors.Protocol.V1;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Client;

/// <summary>
/// One consumer of one secret outside the cluster, through the front door's Consumer service: read the valid
/// credentials, heartbeat the one in use (at once after a change, then every interval), and watch the notice stream,
/// reading again whenever a notice or a heartbeat's answer says something changed. When a host is unreachable it keeps
/// serving the last known values, backs off exponentially and fails over to the next contact.
/// </summary>
public sealed class FrontDoorConsumer(FrontDoorConnection connection, SecretConsumerOptions options, SecretCredentials credentials, ILogger logger)
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);

    public async Task RunAsync(CancellationToken stop)
    {
        var backoff = options.MinBackoff;
        while (!stop.IsCancellationRequested)
        {
            var (contact, client) = connection.Current;
            try
            {
                await FollowAsync(client, () => backoff = options.MinBackoff, stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested && e is RpcException or IOException or HttpRequestException or InvalidOperationException)
            {
                logger.LogWarning("{Path}: {Contact} failed ({Why}); serving the last known value, retrying in {Backoff}", options.Path, contact, Why(e), backoff);
                connection.FailOver(contact);
                try
                {
                    await Task.Delay(backoff, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Runs until the stream or a heartbeat fails (thrown) or the consumer stops.</summary>
    private async Task FollowAsync(Consumer.ConsumerClient client, Action connected, CancellationToken stop)
    {
        await RefreshAsync(client, stop);
        connected();
        using var follow = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var watching = WatchAsync(client, follow.Token);
        var beating = HeartbeatsAsync(client, follow.Token);
        var first = await Task.WhenAny(watching, beating);
        await follow.CancelAsync();
        try
        {
            await Task.WhenAll(watching, beating);
        }
        catch (Exception) when (first.IsFaulted || stop.IsCancellationRequested)
        {
            // The first one's failure is the one that counts (rethrown below); the other was cancelled because of it.
        }
        await first;
    }

    private async Task WatchAsync(Consumer.ConsumerClient client, CancellationToken cancellationToken)
    {
        using var call = client.Watch(new WatchRequest { Path = options.Path.Value, ConsumerId = options.ConsumerId.Value, Role = options.Role.Name() }, Headers(), cancellationToken: cancellationToken);
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            var notice = call.ResponseStream.Current;
            if (Differs(notice.PreferredVersion, notice.ValidVersions)) await RefreshAsync(client, cancellationToken);
        }
        throw new IOException("the notice stream ended");
    }

    private async Task HeartbeatsAsync(Consumer.ConsumerClient client, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var reply = await BeatAsync(client, cancellationToken);
            // The answer says what to use now: a notice lost on the way costs at most one interval.
            if (reply is not null && Differs(reply.PreferredVersion, reply.ValidVersions)) await RefreshAsync(client, cancellationToken);
        }
    }

    /// <summary>Reads the valid credentials, takes the one this consumer should use, publishes them, and says so at once.</summary>
    private async Task RefreshAsync(Consumer.ConsumerClient client, CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var read = await client.ReadAsync(new PathRequest { Path = options.Path.Value }, Headers(), DateTime.UtcNow + options.RequestTimeout, cancellationToken);
            var valid = read.Valid.ToDictionary(v => v.Version, v => SecretValue.Create(v.Value));
            if (valid.Count == 0) throw new InvalidOperationException($"{options.Path} has no valid version");
            var target = options.Role == ConsumerRole.Resource ? valid.Keys.Max() : read.PreferredVersion;
            if (!valid.TryGetValue(target, out var value)) throw new InvalidOperationException($"{options.Path}: v{target} was not among the values read");
            var changed = credentials.Current?.Version != target;
            credentials.Update(new SecretCredentials.Snapshot(target, value, valid, DateTimeOffset.UtcNow));
            if (changed) await BeatAsync(client, cancellationToken);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task<HeartbeatReply?> BeatAsync(Consumer.ConsumerClient client, CancellationToken cancellationToken)
    {
        if (credentials.Current is not { } current) return null;
        return await client.HeartbeatAsync(
            new HeartbeatRequest { Path = options.Path.Value, ConsumerId = options.ConsumerId.Value, Version = current.Version, Role = options.Role.Name() },
            Headers(), DateTime.UtcNow + options.RequestTimeout, cancellationToken);
    }

    /// <summary>What this consumer should use or accept differs from what it has.</summary>
    private bool Differs(int preferred, IEnumerable<int> validVersions)
    {
        if (credentials.Current is not { } current) return true;
        var valid = validVersions.Order().ToList();
        var wanted = options.Role == ConsumerRole.Resource ? valid.LastOrDefault() : preferred;
        return wanted != current.Version || !valid.SequenceEqual(current.Valid.Keys.Order());
    }

    private Metadata Headers() => connection.Headers;

    private static string Why(Exception e) => e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message;
}
