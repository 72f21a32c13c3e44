using System.Security.Cryptography;
using System.Text;
using HarombeActors.Actors.Configuration;
using HarombeActors.Domain.Ids;
using HarombeActors.Protocol;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Api.Access;

/// <summary>
/// Maps bearer tokens to callers: named operator tokens (every path, every verb) and named consumer tokens (reads,
/// heartbeats and notices under their prefixes only). Comparison is constant-time over every token; tokens are never
/// logged. The same token value may not serve two names: who did something must never be ambiguous.
/// </summary>
public sealed class TokenAuthenticator
{
    public const int MinLength = 16;
    public const string DefaultOperator = "operator";
    public const string DefaultConsumer = "consumer";

    private readonly IReadOnlyList<(byte[] Token, Caller Caller)> _entries;

    public TokenAuthenticator(IEnumerable<(string Token, Caller Caller)> entries)
    {
        var list = entries.ToList();
        foreach (var (token, caller) in list)
        {
            if (token.Length < MinLength) throw new InvalidOperationException($"{caller.Kind.Name()} token '{caller.Principal}': must be at least {MinLength} characters");
        }
        if (list.GroupBy(e => e.Token, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new InvalidOperationException($"tokens: {string.Join(" and ", twice.Select(e => $"{e.Caller.Kind.Name()} '{e.Caller.Principal}'"))} share one token value; give each its own");
        _entries = list.Select(e => (Encoding.UTF8.GetBytes(e.Token), e.Caller)).ToList();
    }

    public bool TryAuthenticate(string? token, out Caller caller)
    {
        caller = null!;
        var presented = Encoding.UTF8.GetBytes(token ?? "");
        var found = false;
        foreach (var (expected, candidate) in _entries)
        {
            // Every token is compared, so timing says nothing about which one (if any) matched.
            if (CryptographicOperations.FixedTimeEquals(presented, expected) && !found)
            {
                caller = candidate;
                found = true;
            }
        }
        return found;
    }

    /// <summary>
    /// The configured tokens: the default operator and consumer tokens (configured, from the environment, or the
    /// token files in the data directory, created 0600 the first time so a fresh host is never open), the named
    /// operators, and the named consumer tokens with their prefixes.
    /// </summary>
    public static TokenAuthenticator Load(HarombeOptions options, ILogger logger)
    {
        var entries = new List<(string, Caller)>
        {
            (ConfiguredOrFile(options.OperatorToken, FrontDoor.OperatorTokenVariable, Path.Combine(options.FullDataDir, FrontDoor.OperatorTokenFile), logger,
                "the CLI reads it with --data-dir."), new Caller(new Principal(DefaultOperator), CallerKind.Operator, PathScope.All)),
            (ConfiguredOrFile(options.ConsumerToken, FrontDoor.ConsumerTokenVariable, Path.Combine(options.FullDataDir, FrontDoor.ConsumerTokenFile), logger,
                "consumers that are not cluster members present it (--token or HAROMBE_CONSUMER_TOKEN)."), new Caller(new Principal(DefaultConsumer), CallerKind.Consumer, PathScope.All)),
        };
        foreach (var (name, token) in options.OperatorTokens)
            entries.Add((token, new Caller(new Principal(CheckName(name, "OperatorTokens")), CallerKind.Operator, PathScope.All)));
        foreach (var (name, consumer) in options.ConsumerTokens)
            entries.Add((consumer.Token, new Caller(new Principal(CheckName(name, "ConsumerTokens")), CallerKind.Consumer, PathScope.Parse(consumer.Prefixes, $"Harombe:ConsumerTokens:{name}:Prefixes"))));
        return new TokenAuthenticator(entries);
    }

    private static string CheckName(string name, string section) =>
        ConsumerId.TryParse(name, out _, out var rejection, $"Harombe:{section}:{name}") && name is not DefaultOperator and not DefaultConsumer && name != Principal.System.Name
        // What the journal records for the scheduler's own rotations: no token may act under that name.
        && name != Domain.Decisions.SecretDecider.Scheduler.Name
            ? name
            : throw new InvalidOperationException(rejection?.Message ?? $"Harombe:{section}:{name}: the name is reserved");

    /// <summary>The configured token, else the environment variable, else the token file (created with a random token, mode 0600).</summary>
    private static string ConfiguredOrFile(string? configured, string environmentVariable, string file, ILogger logger, string hint)
    {
        var token = configured ?? Environment.GetEnvironmentVariable(environmentVariable);
        if (!string.IsNullOrWhiteSpace(token)) return token.Trim();
        (token, var created) = PrivateFile.ReadOrCreate(file, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_'));
        if (created) logger.LogWarning("No token configured: created {File} (mode 0600); {Hint}", file, hint);
        return token.Trim();
    }
}
