using System.Text.Json.Serialization;
using HarombeActors.Contracts.Messages;
using HarombeActors.Contracts.Serialization;
using HarombeActors.Domain.Commands;

namespace HarombeActors.Contracts.Operator;

// The operator protocol between the CLI (over ClusterClient) and the gateway on every host. Transport-neutral:
// a request names a verb and its arguments; the gateway streams progress and ends with exactly one result.
// A Petabridge.Cmd palette could wrap the same requests later.

/// <summary>Where the gateway is registered with the ClusterClientReceptionist.</summary>
public static class OperatorGatewayPath
{
    public const string Name = "operator-gateway";
    public const string Path = "/user/" + Name;

    /// <summary>Where the host reads the operator token from, and the CLI too, when it is not configured.</summary>
    public const string TokenVariable = "HAROMBE_OPERATOR_TOKEN";
    /// <summary>The token file the host creates (0600) in its data directory when none is configured.</summary>
    public const string TokenFileName = "operator.token";
}

/// <summary>Any command or query for one secret. The gateway sets the principal from the token, never from the request.</summary>
public sealed record OperatorSecretRequest(
    string Token,
    [property: JsonConverter(typeof(ManifestedConverter<ISecretMessage>))] ISecretMessage Message) : IHarombeMessage
{
    public override string ToString() => $"OperatorSecretRequest {{ Token = ***, Message = {Message} }}";
}

public enum ClusterVerb { Show, Shards, Stats, ListSecrets }

public sealed record OperatorClusterRequest(string Token, ClusterVerb Verb, string? Prefix = null) : IHarombeMessage
{
    public override string ToString() => $"OperatorClusterRequest {{ Token = ***, Verb = {Verb}, Prefix = {Prefix} }}";
}

/// <summary>Streamed while a rotation waits: which phase, how many consumers have moved, who is stuck.</summary>
public sealed record OperatorProgress(string RotationId, string Phase, int Migrated, int Total, int Stale) : IHarombeMessage;

/// <summary>The one final answer to a request: a secret reply, a cluster view, or a rejection.</summary>
public sealed record OperatorResult(
    [property: JsonConverter(typeof(ManifestedConverter<object>))] object Payload) : IHarombeMessage;
