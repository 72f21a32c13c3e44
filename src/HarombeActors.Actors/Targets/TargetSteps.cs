using System.Diagnostics;
using HarombeActors.Actors.Verification;
using HarombeActors.Domain.Targets;
using HarombeActors.Domain.Values;

namespace HarombeActors.Actors.Targets;

/// <summary>What one step at a target came to; <see cref="Message"/> is scrubbed of the credential.</summary>
public sealed record StepOutcome(bool Success, bool AlreadyAccepted, string Message, double DurationMs);

/// <summary>
/// A backend's steps as the secret runs them off its mailbox: each under a timeout (a target that does not answer is a
/// failed step, never a hang), never throwing, and with the password scrubbed from whatever the target said.
/// </summary>
public static class TargetSteps
{
    /// <summary>Sets the candidate at the target, unless the target already accepts it (a step resumed after a crash).</summary>
    public static Task<StepOutcome> ArmAsync(ICredentialBackend backend, string username, ManagedCredential candidate, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(candidate, timeout, cancellationToken, async token =>
        {
            if ((await backend.TryLoginAsync(candidate, token).ConfigureAwait(false)).Success) return (true, "the target accepts it already; nothing changed");
            await backend.ArmAsync(username, candidate, token).ConfigureAwait(false);
            return (false, $"{candidate.Username} armed");
        });

    public static Task<StepOutcome> PrepareAsync(ICredentialBackend backend, string username, ManagedCredential first, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(first, timeout, cancellationToken, async token =>
        {
            await backend.PrepareAsync(username, first, token).ConfigureAwait(false);
            var login = await backend.TryLoginAsync(first, token).ConfigureAwait(false);
            if (!login.Success) throw new InvalidOperationException("the prepared login was refused: " + login.Message);
            return (false, $"{first.Username} prepared and logged in");
        });

    /// <summary>Retires <paramref name="retired"/>; with <paramref name="endSessions"/> (a compromised credential) its open sessions end too.</summary>
    public static Task<StepOutcome> RetireAsync(
        ICredentialBackend backend, string username, ManagedCredential retired, TimeSpan timeout, CancellationToken cancellationToken, bool endSessions = false) =>
        RunAsync(retired, timeout, cancellationToken, async token =>
        {
            await backend.RetireAsync(username, retired, token).ConfigureAwait(false);
            if (endSessions) await backend.EndSessionsAsync(username, retired, token).ConfigureAwait(false);
            return (false, endSessions ? $"{retired.Username} retired and its sessions ended" : $"{retired.Username} retired");
        });

    private static async Task<StepOutcome> RunAsync(ManagedCredential credential, TimeSpan timeout, CancellationToken cancellationToken, Func<CancellationToken, Task<(bool Already, string Message)>> step)
    {
        var watch = Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var (already, message) = await step(limit.Token).WaitAsync(limit.Token).ConfigureAwait(false);
            return new StepOutcome(true, already, message, watch.Elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new StepOutcome(false, false, $"the target did not answer within {timeout.TotalSeconds:0.#} s", watch.Elapsed.TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new StepOutcome(false, false, Scrub($"{ex.GetType().Name}: {ex.Message}", credential), watch.Elapsed.TotalMilliseconds);
        }
    }

    private static string Scrub(string message, ManagedCredential credential) =>
        VerificationRunner.Scrub(message, SecretValue.Create(credential.Password));
}

/// <summary>A dry run's check of the backend's admin connection and rights (what a rotation will need), touching nothing.</summary>
public sealed class BackendPreflight(ICredentialBackend backend, string username) : IVerificationTest
{
    public string Name => Domain.Decisions.SecretDecider.BackendTestName(backend.Name) + ":admin";

    public async Task<CheckResult> RunAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var verdict = await backend.PreflightAsync(username, cancellationToken).ConfigureAwait(false);
        return new CheckResult(verdict.Success, verdict.Message);
    }
}

/// <summary>The login test every rotation of a managed secret runs: the candidate logs in at its target.</summary>
public sealed class BackendLoginTest(ICredentialBackend backend) : IVerificationTest
{
    public string Name => Domain.Decisions.SecretDecider.BackendTestName(backend.Name);

    public async Task<CheckResult> RunAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        // Fail-closed: a value that is no credential document was checked against nothing, so it cannot pass.
        if (ManagedCredential.Parse(context.Candidate) is not { } credential) return new CheckResult(false, "the value is not a credential document");
        var verdict = await backend.TryLoginAsync(credential, cancellationToken).ConfigureAwait(false);
        // The runner scrubs the whole document; the password inside it is scrubbed here.
        return new CheckResult(verdict.Success, VerificationRunner.Scrub(verdict.Message, SecretValue.Create(credential.Password)));
    }
}
