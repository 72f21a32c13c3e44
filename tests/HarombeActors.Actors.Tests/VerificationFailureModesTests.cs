using HarombeActors.Actors.Tests.Support;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Rotation;

namespace HarombeActors.Actors.Tests;

/// <summary>A verification test that hangs or throws fails the check, on a real node, without stopping the secret.</summary>
public class VerificationFailureModesTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    private readonly HangingVerificationTest _hangs = new("hangs");
    private readonly ThrowingVerificationTest _throws = new("throws");

    protected override TestNode CreateNode() => new(null, _hangs, _throws) { Configure = o => o.VerificationTimeout = TimeSpan.FromMilliseconds(300) };

    [Fact]
    public async Task A_test_that_hangs_times_out_and_one_that_throws_fails_and_the_value_stays_out_of_the_error()
    {
        var path = P("/secrets/verify-modes");
        await Put(path, "old-value");
        var result = await Rotate(path, Policy(RotationStrategy.Staged, "hangs", "throws"), "candidate-value");

        Assert.Equal(RotationStatus.Failed, result.Status);
        Assert.False(result.VerificationPassed);
        Assert.Contains("2 of 2 tests failed", result.Error);
        Assert.Contains("hangs: timed out after 300 ms", result.Error);
        Assert.Contains("throws: Exception: InvalidOperationException: provider said no to ********", result.Error);
        Assert.DoesNotContain("candidate-value", result.Error);
        var failed = (await Journal(path)).OfType<VerificationFailed>().Single();
        Assert.Equal(["hangs", "throws"], failed.Results.Select(r => r.Name));
        Assert.All(failed.Results, r => Assert.False(r.Success));

        // The secret is still there and usable: the next rotation is accepted (and fails the same way).
        Assert.Equal("old-value", await Reveal(path));
        Assert.Equal(RotationStatus.Failed, (await Rotate(path, Policy(RotationStrategy.Staged, "throws"), "another-value")).Status);
    }
}
