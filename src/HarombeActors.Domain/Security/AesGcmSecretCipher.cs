using System.Security.Cryptography;
using System.Text;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Values;

namespace HarombeActors.Domain.Security;

/// <summary>AES-256-GCM from the .NET base library; associated data = path + version.</summary>
public sealed class AesGcmSecretCipher : ISecretCipher
{
    public const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _encryptionKey;
    private readonly byte[] _fingerprintKey;

    public AesGcmSecretCipher(byte[] masterKey)
    {
        if (masterKey.Length != KeyBytes)
            throw new ArgumentException($"masterKey: must be exactly {KeyBytes} bytes (AES-256); got {masterKey.Length}", nameof(masterKey));
        // Separate sub-keys so the fingerprint never reuses the encryption key.
        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, KeyBytes, info: "harombe/encrypt/v1"u8.ToArray());
        _fingerprintKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, KeyBytes, info: "harombe/fingerprint/v1"u8.ToArray());
    }

    public SealedValue Seal(SecretPath path, int version, SecretValue value)
    {
        var plaintext = Encoding.UTF8.GetBytes(value.RevealPlaintext());
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagBytes];
        using var aes = new AesGcm(_encryptionKey, TagBytes);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(path, version));
        CryptographicOperations.ZeroMemory(plaintext);
        return new SealedValue(nonce, ciphertext, tag);
    }

    public SecretValue Open(SecretPath path, int version, SealedValue sealedValue)
    {
        var plaintext = new byte[sealedValue.Ciphertext.Length];
        using var aes = new AesGcm(_encryptionKey, TagBytes);
        aes.Decrypt(sealedValue.Nonce, sealedValue.Ciphertext, sealedValue.Tag, plaintext, AssociatedData(path, version));
        var value = SecretValue.Create(Encoding.UTF8.GetString(plaintext));
        CryptographicOperations.ZeroMemory(plaintext);
        return value;
    }

    public string Fingerprint(SecretValue value)
    {
        var mac = HMACSHA256.HashData(_fingerprintKey, Encoding.UTF8.GetBytes(value.RevealPlaintext()));
        return Convert.ToHexStringLower(mac)[..8];
    }

    private static byte[] AssociatedData(SecretPath path, int version) => Encoding.UTF8.GetBytes($"{path.Value}#{version}");
}
