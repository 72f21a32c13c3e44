using Akka.Actor;
using Akka.Hosting;
using Grpc.Core;
using HarombeActors.Api.Errors;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Replies;
using HarombeActors.Routing;

namespace HarombeActors.Api.Services;

/// <summary>How a call reaches a secret: one Ask through the shard region, a refusal turned into the API's error.</summary>
public sealed class SecretGateway(IRequiredActor<SecretRegion> region)
{
    /// <summary>Long enough for a command's persistence and a cold entity's recovery, short enough for a caller to retry.</summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(20);

    public IActorRef Region => region.ActorRef;

    public async Task<object> AskAsync(ISecretMessage message, ServerCallContext context)
    {
        object reply;
        try
        {
            reply = await region.ActorRef.Ask<object>(message, AskTimeout, context.CancellationToken);
        }
        catch (AskTimeoutException)
        {
            throw ApiErrors.NoAnswer($"secret {message.Path}");
        }
        return reply is CommandRejected rejected ? throw ApiErrors.Rejected(rejected.Rejection) : reply;
    }

    public async Task<T> ExpectAsync<T>(ISecretMessage message, ServerCallContext context) =>
        await AskAsync(message, context) is T t ? t : throw new RpcException(new Grpc.Core.Status(StatusCode.Internal, $"unexpected answer to {message.GetType().Name}"));
}
