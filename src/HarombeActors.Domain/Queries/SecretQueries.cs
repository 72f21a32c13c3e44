using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Ids;

namespace HarombeActors.Domain.Queries;

public enum VersionSelectorKind { Current, Pending, Previous, Blue, Green, Number }

/// <summary>Which value to read: a label, a slot or a version number. Parses the seed's suffixes and the CLI's words.</summary>
public sealed record VersionSelector(VersionSelectorKind Kind, int Number = 0)
{
    public static readonly VersionSelector Current = new(VersionSelectorKind.Current);

    public static bool TryParse(string? raw, out VersionSelector selector)
    {
        selector = Current;
        if (string.IsNullOrWhiteSpace(raw) || raw is "active") return true;
        if (int.TryParse(raw.TrimStart('v'), out var n) && n > 0)
        {
            selector = new VersionSelector(VersionSelectorKind.Number, n);
            return true;
        }
        if (!Enum.TryParse<VersionSelectorKind>(raw, ignoreCase: true, out var kind) || kind == VersionSelectorKind.Number || int.TryParse(raw, out _))
            return false;
        selector = new VersionSelector(kind);
        return true;
    }

    /// <summary>The seed's addressing: <c>/secrets/x.blue</c> reads the blue slot of <c>/secrets/x</c>.</summary>
    public static bool TrySplitAddress(string raw, out string path, out VersionSelector selector, out bool metadata)
    {
        path = raw;
        selector = Current;
        metadata = false;
        var dot = raw.LastIndexOf('.');
        var slash = raw.LastIndexOf('/');
        if (dot <= slash) return true;
        var suffix = raw[(dot + 1)..];
        if (suffix == "metadata") metadata = true;
        else if (suffix is "blue" or "green" or "pending" or "previous") TryParse(suffix, out selector);
        else return true;
        path = raw[..dot];
        return true;
    }

    public override string ToString() => Kind == VersionSelectorKind.Number ? $"v{Number}" : Kind.ToString().ToLowerInvariant();
}

/// <summary>Read one value; masked unless <see cref="Reveal"/>.</summary>
public sealed record GetSecret(SecretPath Path, VersionSelector Selector, bool Reveal = false) : ISecretQuery;

public sealed record GetStatus(SecretPath Path) : ISecretQuery;

/// <summary>The event log as an audit trail (no values).</summary>
public sealed record GetHistory(SecretPath Path) : ISecretQuery;

public sealed record GetConsumers(SecretPath Path) : ISecretQuery;

/// <summary>The values a consumer may use now (current and, during a rotation, the candidate once it is valid), revealed.</summary>
public sealed record GetValidValues(SecretPath Path) : ISecretQuery;

/// <summary>
/// A dry run: the named tests (or the stored policy's) against the current value, and for a managed secret the backend's
/// login test and a check that its admin connection may do what a rotation needs. Changes nothing, writes nothing.
/// </summary>
public sealed record VerifySecret(SecretPath Path, IReadOnlyList<string>? Tests = null) : ISecretQuery;
