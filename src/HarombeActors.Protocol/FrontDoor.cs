namespace HarombeActors.Protocol;

/// <summary>
/// The few names every side of the front door must agree on besides the .proto files: where it listens by default,
/// and where a host keeps the tokens it generates (the CLI, the client library and the samples read the same).
/// </summary>
public static class FrontDoor
{
    public const int DefaultPort = 4054;
    public const string DefaultContact = "127.0.0.1:4054";

    /// <summary>Where the host reads the operator token from, and the CLI too, when it is not configured.</summary>
    public const string OperatorTokenVariable = "HAROMBE_OPERATOR_TOKEN";
    /// <summary>The token file the host creates (0600) in its data directory when none is configured.</summary>
    public const string OperatorTokenFile = "operator.token";

    /// <summary>Where the host reads the consumer token from, and consumers too, when it is not configured.</summary>
    public const string ConsumerTokenVariable = "HAROMBE_CONSUMER_TOKEN";
    /// <summary>The token file the host creates (0600) in its data directory when none is configured.</summary>
    public const string ConsumerTokenFile = "consumer.token";

    /// <summary>The scheme of the authorization metadata every call carries.</summary>
    public const string BearerPrefix = "Bearer ";
}
