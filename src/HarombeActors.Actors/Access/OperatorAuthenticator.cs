using HarombeActors.Actors.Configuration;
using HarombeActors.Contracts.Operator;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Actors.Access;

/// <summary>Who may drive the operator gateway: named tokens, plus the default one (configured, env, or data/operator.token).</summary>
public sealed class OperatorAuthenticator(IReadOnlyDictionary<string, string> tokensByName) : TokenAuthenticator(tokensByName, "operator tokens")
{
    public const string DefaultName = "operator";

    public static OperatorAuthenticator Load(HarombeOptions options, ILogger logger)
    {
        var token = ConfiguredOrFile(options.OperatorToken, OperatorGatewayPath.TokenVariable, Path.Combine(options.FullDataDir, OperatorGatewayPath.TokenFileName), logger,
            "the CLI reads it with --data-dir.");
        return new OperatorAuthenticator(new Dictionary<string, string>(options.OperatorTokens) { [DefaultName] = token });
    }
}
