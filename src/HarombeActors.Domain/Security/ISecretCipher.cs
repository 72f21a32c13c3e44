using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Values;

namespace HarombeActors.Domain.Security;

/// <summary>Seals and opens secret values, and fingerprints them, under the master key.</summary>
public interface ISecretCipher
{
    SealedValue Seal(SecretPath path, int version, SecretValue value);

    /// <summary>Opens a sealed value; throws <see cref="System.Security.Cryptography.AuthenticationTagMismatchException"/> when the key, path or version do not match.</summary>
    SecretValue Open(SecretPath path, int version, SealedValue sealedValue);

    /// <summary>
    /// A short, keyed fingerprint (HMAC-SHA-256, 8 hex characters) that tells versions apart without being a plain
    /// hash of the secret: a bare SHA-256 prefix of a weak password can be brute-forced offline.
    /// </summary>
    string Fingerprint(SecretValue value);
}
