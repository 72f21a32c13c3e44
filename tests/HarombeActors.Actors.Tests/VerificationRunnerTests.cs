using HarombeActors.Actors.Tests.Support;
using HarombeActors.Actors.Verification;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Values;

namespace HarombeActors.Actors.Tests;

/// <summary>The runner alone: each test under its own timeout, never throwing for a test's sake, only for its caller's cancellation.</summary>
public class VerificationRunnerTests
{
    private static readonly VerificationContext Context = new(SecretPath.Parse("/secrets/runner"), 2, SecretValue.Create("candidate-value"));

    [Fact]
    public async Task A_hanging_test_times_out_a_throwing_one_fails_and_the_others_still_run()
    {
        var passes = new FakeVerificationTest("passes", _ => true);
        var outcomes = await VerificationRunner.RunAsync([new HangingVerificationTest("hangs"), new ThrowingVerificationTest("throws"), passes],
            Context, TimeSpan.FromMilliseconds(50), CancellationToken.None);

        Assert.Equal(["hangs", "throws", "passes"], outcomes.Select(o => o.Name));
        Assert.Equal([false, false, true], outcomes.Select(o => o.Success));
        Assert.Equal("timed out after 50 ms", outcomes[0].Message);
        Assert.Equal("Exception: InvalidOperationException: provider said no to ********", outcomes[1].Message);
        Assert.Equal(1, passes.Runs);
    }

    [Fact]
    public async Task A_run_its_caller_cancels_is_no_result_but_a_cancellation()
    {
        using var cancellation = new CancellationTokenSource();
        var run = VerificationRunner.RunAsync([new HangingVerificationTest("hangs")], Context, TimeSpan.FromMinutes(5), cancellation.Token);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
