using HarombeActors.Domain.Targets;

namespace HarombeActors.Actors.Targets;

/// <summary>The credential backends configured on this node, by name, filled from dependency injection.</summary>
public sealed class CredentialBackends
{
    public static readonly CredentialBackends None = new([]);

    private readonly Dictionary<string, ICredentialBackend> _backends;

    public CredentialBackends(IEnumerable<ICredentialBackend> backends)
    {
        _backends = new Dictionary<string, ICredentialBackend>(StringComparer.Ordinal);
        foreach (var backend in backends)
        {
            if (!_backends.TryAdd(backend.Name, backend))
                throw new InvalidOperationException($"credential backend name '{backend.Name}' is registered twice");
        }
        Infos = _backends.ToDictionary(kv => kv.Key, kv => kv.Value.Info, StringComparer.Ordinal);
    }

    /// <summary>What decisions know of each backend (kind and public connection facts).</summary>
    public IReadOnlyDictionary<string, BackendInfo> Infos { get; }

    public IEnumerable<ICredentialBackend> All => _backends.Values;

    public ICredentialBackend? Find(string name) => _backends.GetValueOrDefault(name);
}
