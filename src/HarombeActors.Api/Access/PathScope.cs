using HarombeActors.Domain.Ids;

namespace HarombeActors.Api.Access;

/// <summary>
/// The secret paths a token may reach, as whole-segment prefixes: "/secrets/app" covers "/secrets/app" and
/// "/secrets/app/db", never "/secrets/apple". "/" covers everything.
/// </summary>
public sealed class PathScope
{
    public static readonly PathScope All = new(["/"]);

    private readonly IReadOnlyList<string> _prefixes;

    private PathScope(IReadOnlyList<string> prefixes) => _prefixes = prefixes;

    public IReadOnlyList<string> Prefixes => _prefixes;

    public static PathScope Parse(IReadOnlyList<string> prefixes, string field)
    {
        if (prefixes.Count == 0) throw new InvalidOperationException($"{field}: at least one path prefix (\"/\" for every secret)");
        var normalized = new List<string>();
        foreach (var raw in prefixes)
        {
            var prefix = raw.Trim();
            if (prefix == "/")
            {
                normalized.Add(prefix);
                continue;
            }
            prefix = prefix.TrimEnd('/');
            if (!SecretPath.TryParse(prefix, out _, out var rejection, field)) throw new InvalidOperationException(rejection.Message);
            normalized.Add(prefix);
        }
        return new PathScope(normalized);
    }

    public bool Allows(SecretPath path) =>
        _prefixes.Any(p => p == "/" || path.Value == p || (path.Value.StartsWith(p, StringComparison.Ordinal) && path.Value[p.Length] == '/'));

    public override string ToString() => string.Join(", ", _prefixes);
}
