using HarombeActors.Domain.Values;

namespace HarombeActors.Client;

/// <summary>
/// What the application reads: the credential to use now, and every credential valid right now (both during a
/// dual-write), updated by the consumer actor. Thread-safe: each update swaps one immutable snapshot.
/// </summary>
public sealed class SecretCredentials
{
    private volatile Snapshot? _snapshot;

    public sealed record Snapshot(int Version, SecretValue Current, IReadOnlyDictionary<int, SecretValue> Valid, DateTimeOffset RefreshedAt);

    /// <summary>Raised after every change of the version in use or of the valid set (on the actor's thread: keep handlers short).</summary>
    public event Action<Snapshot>? Changed;

    /// <summary>Null until the first successful read; afterwards never null, even while the cluster is unreachable.</summary>
    public Snapshot? Current => _snapshot;

    /// <summary>
    /// A managed secret's credential to use now, parsed (username, password, host, port, database); null before the first
    /// read or when the secret's value is no credential document.
    /// </summary>
    public Domain.Targets.ManagedCredential? Credential => _snapshot is { } s ? Domain.Targets.ManagedCredential.Parse(s.Current) : null;

    /// <summary>Whether <paramref name="presented"/> is one of the credentials valid now (what a protected resource checks).</summary>
    public bool Accepts(string presented) => _snapshot?.Valid.Values.Any(v => v.Equals(SecretValue.Create(presented))) ?? false;

    internal void Update(Snapshot snapshot)
    {
        var before = _snapshot;
        _snapshot = snapshot;
        if (before is null || before.Version != snapshot.Version || !before.Valid.Keys.SequenceEqual(snapshot.Valid.Keys)) Changed?.Invoke(snapshot);
    }
}
