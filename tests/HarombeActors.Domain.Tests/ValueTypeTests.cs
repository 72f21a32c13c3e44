using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Generation;
using HarombeActors.Domain.Security;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;

namespace HarombeActors.Domain.Tests;

/// <summary>Equality, printing and refusals of the small value types the events and replies are made of.</summary>
public class ValueTypeTests
{
    [Fact]
    public void Secret_values_are_equal_by_plaintext()
    {
        var value = SecretValue.Create("hunter2");
        Assert.True(value.Equals(SecretValue.Create("hunter2")));
        Assert.True(value.Equals((object)SecretValue.Create("hunter2")));
        Assert.False(value.Equals(SecretValue.Create("hunter3")));
        Assert.False(value.Equals(null));
    }

    [Fact]
    public void A_value_one_byte_over_64_KiB_is_refused_with_its_size_under_the_callers_field_name()
    {
        Assert.False(SecretValue.TryCreate(new string('x', 64 * 1024 + 1), out _, out var rejection, "newValue"));
        Assert.Equal(Rejection.BadInput("newValue", "must be at most 65536 bytes (64 KiB) of UTF-8 (got 65537)"), rejection);
    }

    private static readonly SealedValue Sealed = new([1, 2], [3, 4, 5], [6]);

    [Fact]
    public void Sealed_values_are_equal_by_content_and_print_only_their_size()
    {
        var copy = new SealedValue([1, 2], [3, 4, 5], [6]);
        Assert.Equal(Sealed, copy);
        Assert.Equal(Sealed.GetHashCode(), copy.GetHashCode());
        Assert.False(Sealed.Equals(null));
        Assert.Equal("sealed(3 bytes)", Sealed.ToString());
        Assert.Equal(new SealedValue([], [], []).GetHashCode(), new SealedValue([9], [], []).GetHashCode());
    }

    public static TheoryData<SealedValue> OneArrayChanged => new()
    {
        Sealed with { Nonce = [1, 9] },
        Sealed with { Ciphertext = [3, 4, 9] },
        Sealed with { Tag = [9] },
    };

    [Theory]
    [MemberData(nameof(OneArrayChanged))]
    public void Sealed_values_differing_in_nonce_ciphertext_or_tag_are_not_equal(SealedValue changed) => Assert.NotEqual(Sealed, changed);

    [Fact]
    public void Versions_are_labelled_by_number() =>
        Assert.Equal("v7", new SecretVersion(7, "abcd1234", Sealed, DateTimeOffset.UnixEpoch).Label);

    [Fact]
    public void Rejections_print_code_and_message() =>
        Assert.Equal("BadInput: path: must not be empty", Rejection.BadInput("path", "must not be empty").ToString());

    [Fact]
    public void A_master_key_of_the_wrong_size_is_refused_saying_what_it_must_be()
    {
        var e = Assert.Throws<ArgumentException>(() => new AesGcmSecretCipher(new byte[16]));
        Assert.Equal("masterKey", e.ParamName);
        Assert.StartsWith("masterKey: must be exactly 32 bytes (AES-256); got 16", e.Message);
    }

    [Fact]
    public void An_unknown_generator_kind_is_refused() =>
        Assert.Equal(Rejection.BadInput("generator", "must be one of random, uuid, hex"), new GeneratorSpec((GeneratorKind)3).Validate());

    [Theory]
    [InlineData(GeneratorKind.Random, 15, "generator.length: must be between 16 and 128")]
    [InlineData(GeneratorKind.Hex, 129, "generator.length: must be between 16 and 128")]
    [InlineData(GeneratorKind.Uuid, 4, null)]
    public void Generator_lengths_are_bounded_except_for_uuids(GeneratorKind kind, int length, string? message) =>
        Assert.Equal(message, new GeneratorSpec(kind, length).Validate()?.Message);

    [Fact]
    public void Generating_from_a_bad_spec_throws_its_refusal_instead_of_a_short_value()
    {
        // The CLI's 'secret put --generate' calls the generator directly, with no decider in front of it.
        var e = Assert.Throws<DomainValidationException>(() => SecretGenerator.Generate(new GeneratorSpec(GeneratorKind.Random, 8)));
        Assert.Equal("generator.length", e.Rejection.Field);
    }
}
