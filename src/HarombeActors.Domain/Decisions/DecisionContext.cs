using HarombeActors.Domain.Security;

namespace HarombeActors.Domain.Decisions;

/// <summary>
/// What a decision may consult besides the state: the cipher (to seal new values), the registered verification
/// tests (fail-closed), which consumers are currently stale (liveness is not persisted), and the clock.
/// </summary>
public sealed record DecisionContext(ISecretCipher Cipher, IReadOnlySet<string> KnownTests, IReadOnlySet<string> StaleConsumers, Func<DateTimeOffset> Clock);
