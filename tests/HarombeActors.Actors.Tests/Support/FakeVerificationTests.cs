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

/// <summary>A fake test that blocks until the test releases it, so "verification in progress" is held as long as needed.</summary>
public sealed class GatedVerificationTest(string name) : IVerificationTest
{
    private TaskCompletionSource<bool> _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name { get; } = name;

    public Task Entered => _entered.Task;

    public void Release(bool pass)
    {
        var gate = _gate;
        _gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.TrySetResult(pass);
    }

    public async Task<CheckResult> RunAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var gate = _gate;
        var entered = _entered;
        _entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        entered.TrySetResult();
        var pass = await gate.Task.WaitAsync(cancellationToken);
        return new CheckResult(pass, pass ? "released: pass" : "released: fail");
    }
}
