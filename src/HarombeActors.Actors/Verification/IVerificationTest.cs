using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Values;

namespace HarombeActors.Actors.Verification;

/// <summary>What a verification test is handed: the candidate value and where it will live.</summary>
public sealed record VerificationContext(SecretPath Path, int Version, SecretValue Candidate);

/// <summary>One test's verdict. <see cref="Message"/> must not echo the value; it is scrubbed anyway.</summary>
public sealed record CheckResult(bool Success, string Message);

/// <summary>
/// A named check run against a candidate value before anyone depends on it (log in to the database, call the
/// provider's whoami endpoint...). Register implementations in dependency injection; rotations name them in
/// their policy, and an unknown name is refused when the rotation is requested (fail-closed).
/// </summary>
public interface IVerificationTest
{
    string Name { get; }

    Task<CheckResult> RunAsync(VerificationContext context, CancellationToken cancellationToken);
}
