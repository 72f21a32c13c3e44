using HarombeActors.Actors.Configuration;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Actors.Access;

/// <summary>Who may drive the operator gateway: named tokens, plus the default one (configured, env, or data/operator.token).</summary>
public sealed class OperatorAuthenticator(IReadOnlyDictionary<string, string> tokensByName) : TokenAuthenticator(tokensByName, "operator tokens")
{
    public const string EnvironmentVariable = "HAROMBE_OPERATOR_TOKEN";
    public const string TokenFileName = "operator.token";
    public const string DefaultName = "operator";

    public static OperatorAuthenticator Load(HarombeOptions options, ILogger logger)
    {
        var token = ConfiguredOrFile(options.OperatorToken, EnvironmentVariable, Path.Combine(options.FullDataDir, TokenFileName), logger,
            "the CLI reads it with --data-dir.");
        return new OperatorAuthenticator(new Dictionary<string, string>(options.OperatorTokens) { [DefaultName] = token });
    }
}
