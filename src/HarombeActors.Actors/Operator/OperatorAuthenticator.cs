using System.Security.Cryptography;
using System.Text;
using HarombeActors.Actors.Configuration;
using HarombeActors.Domain.Ids;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Actors.Operator;

/// <summary>Maps operator tokens to names. Comparison is constant-time; tokens are never logged.</summary>
public sealed class OperatorAuthenticator
{
    public const string EnvironmentVariable = "HAROMBE_OPERATOR_TOKEN";
    public const string TokenFileName = "operator.token";
    public const string DefaultName = "operator";

    private readonly IReadOnlyList<(Principal Name, byte[] Token)> _tokens;

    public OperatorAuthenticator(IReadOnlyDictionary<string, string> tokensByName)
    {
        if (tokensByName.Values.Any(t => t.Length < 16)) throw new InvalidOperationException("operator tokens: must be at least 16 characters");
        _tokens = tokensByName.Select(kv => (new Principal(kv.Key), Encoding.UTF8.GetBytes(kv.Value))).ToList();
    }

    public static OperatorAuthenticator Load(HarombeOptions options, ILogger logger)
    {
        var token = options.OperatorToken ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(token))
        {
            var file = Path.Combine(options.FullDataDir, TokenFileName);
            (token, var created) = PrivateFile.ReadOrCreate(file, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_'));
            if (created) logger.LogWarning("No operator token configured: created {File} (mode 0600); the CLI reads it with --data-dir.", file);
        }
        var all = new Dictionary<string, string>(options.OperatorTokens) { [DefaultName] = token.Trim() };
        return new OperatorAuthenticator(all);
    }

    public bool TryAuthenticate(string? token, out Principal principal)
    {
        principal = default;
        var presented = Encoding.UTF8.GetBytes(token ?? "");
        var found = false;
        foreach (var (name, expected) in _tokens)
        {
            // Every token is compared, so timing says nothing about which one (if any) matched.
            if (CryptographicOperations.FixedTimeEquals(presented, expected) && !found)
            {
                principal = name;
                found = true;
            }
        }
        return found;
    }
}
