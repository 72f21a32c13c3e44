using System.Security.Cryptography;
using System.Text;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Security;
using HarombeActors.Domain.Values;

namespace HarombeActors.Domain.Tests;

public class CipherTests
{
    private readonly AesGcmSecretCipher _cipher = new(DomainHarness.TestKey);
    private readonly SecretPath _path = SecretPath.Parse("/secrets/a");

    [Fact]
    public void Sealed_values_round_trip_and_hold_no_plaintext()
    {
        var sealedValue = _cipher.Seal(_path, 1, SecretValue.Create("correct horse battery staple"));
        Assert.DoesNotContain("horse", Encoding.UTF8.GetString(sealedValue.Ciphertext));
        Assert.Equal("correct horse battery staple", _cipher.Open(_path, 1, sealedValue).RevealPlaintext());
    }

    [Fact]
    public void A_ciphertext_moved_to_another_path_or_version_does_not_open()
    {
        var sealedValue = _cipher.Seal(_path, 1, SecretValue.Create("v"));
        Assert.ThrowsAny<CryptographicException>(() => _cipher.Open(_path, 2, sealedValue));
        Assert.ThrowsAny<CryptographicException>(() => _cipher.Open(SecretPath.Parse("/secrets/b"), 1, sealedValue));
        var otherKey = new AesGcmSecretCipher(RandomNumberGenerator.GetBytes(32));
        Assert.ThrowsAny<CryptographicException>(() => otherKey.Open(_path, 1, sealedValue));
    }

    [Fact]
    public void Fingerprints_are_short_stable_keyed_and_not_a_plain_hash()
    {
        var value = SecretValue.Create("password1");
        var fp = _cipher.Fingerprint(value);
        Assert.Matches("^[0-9a-f]{8}$", fp);
        Assert.Equal(fp, _cipher.Fingerprint(SecretValue.Create("password1")));
        Assert.NotEqual(fp, _cipher.Fingerprint(SecretValue.Create("password2")));
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData("password1"u8))[..8], fp);
        Assert.NotEqual(fp, new AesGcmSecretCipher(RandomNumberGenerator.GetBytes(32)).Fingerprint(value));
    }

    [Fact]
    public void The_master_key_must_be_256_bits() =>
        Assert.Throws<ArgumentException>(() => new AesGcmSecretCipher(new byte[16]));
}
