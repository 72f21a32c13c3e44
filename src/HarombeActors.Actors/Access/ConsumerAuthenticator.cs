using HarombeActors.Actors.Configuration;
using HarombeActors.Contracts.Messages;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Actors.Access;

/// <summary>
/// Who may consume through the consumer gateway (processes that are not cluster members): one token, configured,
/// from the environment, or data/consumer.token. It reads values, so it is a secret of the same rank as the values.
/// </summary>
public sealed class ConsumerAuthenticator(string token) : TokenAuthenticator(new Dictionary<string, string> { [DefaultName] = token }, "consumer token")
{
    public const string DefaultName = "consumer";

    public static ConsumerAuthenticator Load(HarombeOptions options, ILogger logger) =>
        new(ConfiguredOrFile(options.ConsumerToken, ConsumerGatewayPath.TokenVariable, Path.Combine(options.FullDataDir, ConsumerGatewayPath.TokenFileName), logger,
            "consumers that are not cluster members present it (--token or HAROMBE_CONSUMER_TOKEN)."));
}
