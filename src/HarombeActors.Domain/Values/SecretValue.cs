using System.Diagnostics.CodeAnalysis;
using System.Text;
using HarombeActors.Domain.Decisions;

namespace HarombeActors.Domain.Values;

/// <summary>
/// A plaintext secret in memory. It exists only between the operator (or generator) and the cipher, and on its
/// way out to a consumer or a revealed read. <see cref="ToString"/> is masked so that a record that carries one
/// can be logged (Akka logs unhandled and dead-lettered messages with ToString) without leaking it.
/// </summary>
public sealed class SecretValue : IEquatable<SecretValue>
{
    public const int MaxBytes = 64 * 1024;
    public const string Mask = "********";

    private readonly string _plaintext;

    private SecretValue(string plaintext) => _plaintext = plaintext;

    public static SecretValue Create(string? plaintext, string field = "value") =>
        TryCreate(plaintext, out var value, out var rejection, field) ? value : throw new DomainValidationException(rejection);

    public static bool TryCreate(string? plaintext, [NotNullWhen(true)] out SecretValue? value, [NotNullWhen(false)] out Rejection? rejection, string field = "value")
    {
        value = null;
        rejection = null;
        if (string.IsNullOrEmpty(plaintext)) rejection = Rejection.BadInput(field, "must not be empty");
        else if (Encoding.UTF8.GetByteCount(plaintext) is var n && n > MaxBytes)
            rejection = Rejection.BadInput(field, $"must be at most {MaxBytes} bytes (64 KiB) of UTF-8 (got {n})");
        if (rejection is not null) return false;
        value = new SecretValue(plaintext!);
        return true;
    }

    /// <summary>The plaintext. Named loudly so every use stands out in review.</summary>
    public string RevealPlaintext() => _plaintext;

    public override string ToString() => Mask;

    /// <summary><paramref name="text"/> with every occurrence of this value replaced by <see cref="Mask"/>: free text never carries it on.</summary>
    public string MaskIn(string text) => text.Replace(_plaintext, Mask, StringComparison.Ordinal);

    public bool Equals(SecretValue? other) =>
        other is not null && CryptographicEquals(_plaintext, other._plaintext);

    public override bool Equals(object? obj) => obj is SecretValue other && Equals(other);

    public override int GetHashCode() => _plaintext.Length;

    private static bool CryptographicEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
