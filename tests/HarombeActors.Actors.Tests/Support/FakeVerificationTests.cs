using System.Collections.Concurrent;
using HarombeActors.Actors.Verification;

namespace HarombeActors.Actors.Tests.Support;

/// <summary>A fake test that passes only when the candidate equals an expected value (or always, or never).</summary>
public sealed class FakeVerificationTest(string name, Func<string, bool> accepts) : IVerificationTest
{
    public string Name { get; } = name;

    public int Runs;

    public Task<CheckResult> RunAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Runs);
        var ok = accepts(context.Candidate.RevealPlaintext());
        // Deliberately careless: echoes the value, to prove the runner scrubs it.
        return Task.FromResult(new CheckResult(ok, ok ? "accepted" : $"rejected {context.Candidate.RevealPlaintext()}"));
    }
}

/// <summary>
/// A fake test that blocks until the test releases it, so "verification in progress" is held as long as needed. It
/// counts its runs, so a test sees a verification run again (after a restart). One gate per instance (every test gets
/// its own node and fakes): a release lets every run through.
/// </summary>
public sealed class GatedVerificationTest(string name) : IVerificationTest
{
    private readonly TaskCompletionSource<bool> _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _entered = new();
    private int _runs;

    public string Name { get; } = name;

    /// <summary>Completes once a first verification run has started.</summary>
    public Task Entered => EnteredAsync(1);

    /// <summary>Completes once run number <paramref name="run"/> has started (bounded, so a broken test fails instead of hanging).</summary>
    public Task EnteredAsync(int run) => Started(run).Task.WaitAsync(TimeSpan.FromSeconds(60));

    public void Release(bool pass) => _gate.TrySetResult(pass);

    public async Task<CheckResult> RunAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        Started(Interlocked.Increment(ref _runs)).TrySetResult();
        var pass = await _gate.Task.WaitAsync(cancellationToken);
        return new CheckResult(pass, pass ? "released: pass" : "released: fail");
    }

    private TaskCompletionSource Started(int run) => _entered.GetOrAdd(run, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>A fake test that never answers: only the runner's per-test timeout (or a cancellation) ends it.</summary>
public sealed class HangingVerificationTest(string name) : IVerificationTest
{
    public string Name { get; } = name;

    public async Task<CheckResult> RunAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return new CheckResult(true, "unreachable");
    }
}

/// <summary>A fake test that throws, carelessly naming the candidate in its message (the runner must scrub it).</summary>
public sealed class ThrowingVerificationTest(string name) : IVerificationTest
{
    public string Name { get; } = name;

    public Task<CheckResult> RunAsync(VerificationContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"provider said no to {context.Candidate.RevealPlaintext()}");
}
