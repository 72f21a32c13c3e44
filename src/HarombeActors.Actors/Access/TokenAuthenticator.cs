using System.Security.Cryptography;
using System.Text;
using HarombeActors.Actors.Configuration;
using HarombeActors.Domain.Ids;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Actors.Access;

/// <summary>Maps bearer tokens to names. Comparison is constant-time; tokens are never logged.</summary>
public abstract class TokenAuthenticator
{
    private const int MinLength = 16;
    private readonly IReadOnlyList<(Principal Name, byte[] Token)> _tokens;

    protected TokenAuthenticator(IReadOnlyDictionary<string, string> tokensByName, string what)
    {
        if (tokensByName.Values.Any(t => t.Length < MinLength)) throw new InvalidOperationException($"{what}: must be at least {MinLength} characters");
        _tokens = tokensByName.Select(kv => (new Principal(kv.Key), Encoding.UTF8.GetBytes(kv.Value))).ToList();
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

    /// <summary>
    /// The configured token, else the environment variable, else the token file in the data directory, created with
    /// a random token (mode 0600) the first time, so a fresh host is never open.
    /// </summary>
    protected static string ConfiguredOrFile(string? configured, string environmentVariable, string file, ILogger logger, string hint)
    {
        var token = configured ?? Environment.GetEnvironmentVariable(environmentVariable);
        if (!string.IsNullOrWhiteSpace(token)) return token.Trim();
        (token, var created) = PrivateFile.ReadOrCreate(file, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_'));
        if (created) logger.LogWarning("No token configured: created {File} (mode 0600); {Hint}", file, hint);
        return token.Trim();
    }
}
