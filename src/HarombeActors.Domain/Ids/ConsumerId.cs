using System.Diagnostics.CodeAnalysis;
using HarombeActors.Domain.Decisions;

namespace HarombeActors.Domain.Ids;

/// <summary>Identifies one consuming service instance. It names a child actor, so the character set is conservative.</summary>
public readonly record struct ConsumerId
{
    public const int MaxLength = 128;

    public string Value { get; }

    private ConsumerId(string value) => Value = value;

    public static ConsumerId Parse(string? raw, string field = "consumerId") =>
        TryParse(raw, out var id, out var rejection, field) ? id : throw new DomainValidationException(rejection);

    public static bool TryParse(string? raw, out ConsumerId id, [NotNullWhen(false)] out Rejection? rejection, string field = "consumerId")
    {
        id = default;
        rejection = null;
        if (string.IsNullOrEmpty(raw)) rejection = Rejection.BadInput(field, "must not be empty");
        else if (raw.Length > MaxLength) rejection = Rejection.BadInput(field, $"must be at most {MaxLength} characters (got {raw.Length})");
        else if (!raw.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '@'))
            rejection = Rejection.BadInput(field, "may contain only letters, digits and '_', '-', '.', ':', '@'");
        if (rejection is not null) return false;
        id = new ConsumerId(raw!);
        return true;
    }

    public override string ToString() => Value;
}
