using System.Diagnostics;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.Values;

namespace HarombeActors.Actors.Verification;

/// <summary>
/// Runs the named tests in order, each under its own timeout. Never throws: a test that throws or times out is a
/// failed check. Messages are scrubbed of the candidate value before they reach an event.
/// </summary>
public static class VerificationRunner
{
    public static async Task<IReadOnlyList<CheckOutcome>> RunAsync(
        IReadOnlyList<IVerificationTest> tests, VerificationContext context, TimeSpan perTestTimeout, CancellationToken cancellationToken)
    {
        var outcomes = new List<CheckOutcome>(tests.Count);
        foreach (var test in tests)
        {
            var watch = Stopwatch.StartNew();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(perTestTimeout);
            CheckResult result;
            try
            {
                result = await test.RunAsync(context, timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                result = new CheckResult(false, $"timed out after {perTestTimeout.TotalMilliseconds:0} ms");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                result = new CheckResult(false, $"Exception: {ex.GetType().Name}: {ex.Message}");
            }
            outcomes.Add(new CheckOutcome(test.Name, result.Success, Scrub(result.Message, context.Candidate), watch.Elapsed.TotalMilliseconds));
        }
        return outcomes;
    }

    /// <summary>Replaces any occurrence of the candidate in a message, so a careless test cannot leak it into the log.</summary>
    public static string Scrub(string message, SecretValue candidate) => candidate.MaskIn(message);
}
