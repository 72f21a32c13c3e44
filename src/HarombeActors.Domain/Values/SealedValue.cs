namespace HarombeActors.Domain.Values;

/// <summary>
/// A secret value encrypted with AES-256-GCM. This is the only form in which values enter events, snapshots and
/// state. The associated data binds it to its path and version number, so a ciphertext copied to another secret
/// or version fails to open.
/// </summary>
public sealed record SealedValue(byte[] Nonce, byte[] Ciphertext, byte[] Tag)
{
    public override string ToString() => $"sealed({Ciphertext.Length} bytes)";

    public bool Equals(SealedValue? other) =>
        other is not null && Nonce.AsSpan().SequenceEqual(other.Nonce) && Ciphertext.AsSpan().SequenceEqual(other.Ciphertext) && Tag.AsSpan().SequenceEqual(other.Tag);

    public override int GetHashCode() => HashCode.Combine(Ciphertext.Length, Tag.Length > 0 ? Tag[0] : 0);
}
