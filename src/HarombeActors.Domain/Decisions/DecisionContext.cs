using HarombeActors.Domain.Security;
using HarombeActors.Domain.Targets;

namespace HarombeActors.Domain.Decisions;

/// <summary>
/// What a decision may consult besides the state: the cipher (to seal new values), the registered verification
/// tests (fail-closed), which consumers are currently stale (liveness is not persisted), the clock, and the credential
/// backends configured on this node (by name; an unknown name is refused when the secret is created).
/// </summary>
public sealed record DecisionContext(ISecretCipher Cipher, IReadOnlySet<string> KnownTests, IReadOnlySet<string> StaleConsumers, Func<DateTimeOffset> Clock)
{
    public IReadOnlyDictionary<string, BackendInfo> Backends { get; init; } = new Dictionary<string, BackendInfo>();
}
