using System.Text.Json.Serialization;
using HarombeActors.Contracts.Serialization;
using HarombeActors.Domain.Commands;

namespace HarombeActors.Contracts.Messages;

/// <summary>Where the consumer gateway is registered with the ClusterClientReceptionist.</summary>
public static class ConsumerGatewayPath
{
    public const string Name = "consumer-gateway";
    public const string Path = "/user/" + Name;

    /// <summary>Where the host reads the consumer token from, and consumers too, when it is not configured.</summary>
    public const string TokenVariable = "HAROMBE_CONSUMER_TOKEN";
    /// <summary>The token file the host creates (0600) in its data directory when none is configured.</summary>
    public const string TokenFileName = "consumer.token";
}

/// <summary>
/// A heartbeat or a read from a consumer that is not a cluster member, sent through ClusterClient with the consumer
/// token. Replies come back through the client; notices go to the heartbeat's reply address over remoting.
/// </summary>
public sealed record ConsumerRequest(
    string Token,
    [property: JsonConverter(typeof(ManifestedConverter<ISecretMessage>))] ISecretMessage Message) : IHarombeMessage
{
    public override string ToString() => $"ConsumerRequest {{ Token = ***, Message = {Message} }}";
}
