using System.Diagnostics.CodeAnalysis;
using HarombeActors.Domain.Decisions;

namespace HarombeActors.Domain.Ids;

/// <summary>
/// The address of a secret, e.g. <c>/secrets/db/password</c>. It is also the sharding entity id and part of the
/// persistence id, so its syntax is strict: leading '/', segments of letters, digits, '_', '-', '.', no empty,
/// '.' or '..' segment, at most 256 characters. Reserved suffixes (.blue, .green, .pending, .metadata, .previous)
/// are read selectors, not part of a path.
/// </summary>
public readonly record struct SecretPath
{
    public const int MaxLength = 256;
    public static readonly IReadOnlyList<string> ReservedSuffixes = [".blue", ".green", ".pending", ".previous", ".metadata"];

    public string Value { get; }

    private SecretPath(string value) => Value = value;

    /// <summary>A whole path, or everything below a folder: /secrets/db matches /secrets/db and /secrets/db/x, not /secrets/dbx. Empty matches all.</summary>
    public bool IsUnder(string? prefix) =>
        string.IsNullOrEmpty(prefix) || Value == prefix.TrimEnd('/') || Value.StartsWith(prefix.TrimEnd('/') + "/", StringComparison.Ordinal);

    public static SecretPath Parse(string? raw, string field = "path") =>
        TryParse(raw, out var path, out var rejection, field) ? path : throw new DomainValidationException(rejection);

    public static bool TryParse(string? raw, out SecretPath path, [NotNullWhen(false)] out Rejection? rejection, string field = "path")
    {
        path = default;
        rejection = Check(raw, field);
        if (rejection is not null) return false;
        path = new SecretPath(raw!);
        return true;
    }

    private static Rejection? Check(string? raw, string field)
    {
        if (string.IsNullOrEmpty(raw)) return Rejection.BadInput(field, "must not be empty");
        if (raw.Length > MaxLength) return Rejection.BadInput(field, $"must be at most {MaxLength} characters (got {raw.Length})");
        if (raw[0] != '/') return Rejection.BadInput(field, "must start with '/'");
        var segments = raw[1..].Split('/');
        foreach (var segment in segments)
        {
            if (segment.Length == 0) return Rejection.BadInput(field, "must not contain empty segments ('//' or a trailing '/')");
            if (segment is "." or "..") return Rejection.BadInput(field, "must not contain '.' or '..' segments");
            foreach (var c in segment)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
                    return Rejection.BadInput(field, "may contain only letters, digits, '_', '-', '.' and '/' between segments");
            }
        }
        foreach (var suffix in ReservedSuffixes)
        {
            if (raw.EndsWith(suffix, StringComparison.Ordinal))
                return Rejection.BadInput(field, $"must not end with the reserved selector suffix '{suffix}'");
        }
        return null;
    }

    public override string ToString() => Value;
}
