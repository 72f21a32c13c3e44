using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Security;
using HarombeActors.Domain.Values;

namespace HarombeActors.Actors.Tests.Support;

/// <summary>
/// A fake for the cipher alone: the real AES-GCM cipher under a random key, except that the next
/// <see cref="Open"/> after <see cref="FailNextOpen"/> throws. A revealed read then crashes the secret's actor, which
/// its supervisor restarts in place (same actor reference): the one way to see what a restart does to work in flight.
/// </summary>
public sealed class CipherFailingOnceFake : ISecretCipher
{
    private readonly AesGcmSecretCipher _real = new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private int _armed;

    public void FailNextOpen() => Interlocked.Exchange(ref _armed, 1);

    public SealedValue Seal(SecretPath path, int version, SecretValue value) => _real.Seal(path, version, value);

    public SecretValue Open(SecretPath path, int version, SealedValue sealedValue) =>
        Interlocked.Exchange(ref _armed, 0) == 1
            ? throw new InvalidOperationException("fake: the cipher fails once, as asked")
            : _real.Open(path, version, sealedValue);

    public string Fingerprint(SecretValue value) => _real.Fingerprint(value);
}
