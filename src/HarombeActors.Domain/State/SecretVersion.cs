using HarombeActors.Domain.Values;

namespace HarombeActors.Domain.State;

/// <summary>One stored value: a monotonic number, a short keyed fingerprint, and the sealed value.</summary>
public sealed record SecretVersion(int Number, string Fingerprint, SealedValue Sealed, DateTimeOffset CreatedAt)
{
    public string Label => $"v{Number}";
}
