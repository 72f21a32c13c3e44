using Akka.Actor;
using Akka.Hosting;
using Grpc.Core;
using HarombeActors.Api.Errors;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Replies;
using HarombeActors.Routing;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Api.Services;

/// <summary>
/// How a call reaches a secret: an Ask through the shard region, a refusal turned into the API's error. Sharding
/// delivers at most once: a message on its way to a host that is handing its shards over (a rolling restart, a
/// rebalance) or to a secret whose recovery failed can be dropped. A message that is safe to repeat is therefore sent
/// again after each <see cref="AttemptTimeout"/> without an answer, until <see cref="AskTimeout"/>; any other once.
/// </summary>
public sealed partial class SecretGateway(IRequiredActor<SecretRegion> region, ILogger<SecretGateway> log)
{
    /// <summary>Long enough for a command's persistence and a cold entity's recovery, short enough for a caller to retry.</summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(20);

    /// <summary>How long one delivery of a repeatable message is given before it is sent again.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    public IActorRef Region => region.ActorRef;

    public async Task<object> AskAsync(ISecretMessage message, ServerCallContext context)
    {
        var reply = await DeliverAsync(message, context.CancellationToken) ?? throw ApiErrors.NoAnswer($"secret {message.Path}");
        return reply is CommandRejected rejected ? throw ApiErrors.Rejected(rejected.Rejection) : reply;
    }

    public async Task<T> ExpectAsync<T>(ISecretMessage message, ServerCallContext context) =>
        await AskAsync(message, context) is T t ? t : throw new RpcException(new Grpc.Core.Status(StatusCode.Internal, $"unexpected answer to {message.GetType().Name}"));

    /// <summary>Reads, heartbeats, and writes, rotations, rollbacks, cancels and promotes with a request id: a second delivery has the effect of one.</summary>
    public static bool Repeatable(ISecretMessage message) =>
        message is ISecretQuery or Heartbeat or RotateSecret { RequestId: not null } or WriteSecret { RequestId: not null }
            or RollbackSecret { RequestId: not null } or CancelRotation { RequestId: not null } or PromoteRotation { RequestId: not null };

    /// <summary>The first answer, or null when none came within <see cref="AskTimeout"/>.</summary>
    private async Task<object?> DeliverAsync(ISecretMessage message, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + AskTimeout;
        var repeatable = Repeatable(message);
        var attempt = repeatable ? AttemptTimeout : AskTimeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            try
            {
                return await region.ActorRef.Ask<object>(message, left < attempt ? left : attempt, cancel);
            }
            catch (AskTimeoutException) when (repeatable)
            {
                SendingAgain(log, message.GetType().Name, message.Path.Value, attempt.TotalSeconds);
            }
            catch (AskTimeoutException)
            {
                return null;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message} for {Path} had no answer within {Seconds} s (a shard moving?); sending it again")]
    private static partial void SendingAgain(ILogger log, string message, string path, double seconds);
}
