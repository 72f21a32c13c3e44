using System.Security.Cryptography;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Values;

namespace HarombeActors.Domain.Generation;

public enum GeneratorKind { Random, Uuid, Hex }

/// <summary>How to make a new value: random (cryptographic RNG over letters, digits and !@#$%^&amp;*), uuid, or hex.</summary>
public sealed record GeneratorSpec(GeneratorKind Kind = GeneratorKind.Random, int Length = GeneratorSpec.DefaultLength)
{
    public const int DefaultLength = 32;
    public const int MinLength = 16;
    public const int MaxLength = 128;
    public const string Charset = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*";

    public static readonly GeneratorSpec Default = new();

    public Rejection? Validate() =>
        !Enum.IsDefined(Kind) ? Rejection.BadInput("generator", "must be one of random, uuid, hex")
        : Kind != GeneratorKind.Uuid && Length is < MinLength or > MaxLength ? Rejection.BadInput("generator.length", $"must be between {MinLength} and {MaxLength}")
        : null;

    public static bool TryParseKind(string? raw, out GeneratorKind kind) =>
        Enum.TryParse(raw, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(raw, out _);
}

public static class SecretGenerator
{
    public static SecretValue Generate(GeneratorSpec spec)
    {
        if (spec.Validate() is { } rejection) throw new DomainValidationException(rejection);
        return SecretValue.Create(spec.Kind switch
        {
            GeneratorKind.Random => RandomNumberGenerator.GetString(GeneratorSpec.Charset, spec.Length),
            GeneratorKind.Uuid => Guid.NewGuid().ToString(),
            // Exactly Length characters (the original gave one fewer for odd lengths).
            GeneratorKind.Hex => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes((spec.Length + 1) / 2))[..spec.Length],
            _ => throw new ArgumentOutOfRangeException(nameof(spec)),
        });
    }
}
