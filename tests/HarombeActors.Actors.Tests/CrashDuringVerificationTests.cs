using Akka.Actor;
using HarombeActors.Actors.Tests.Support;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Security;
using HarombeActors.Domain.Values;
using Microsoft.Extensions.DependencyInjection;

namespace HarombeActors.Actors.Tests;

/// <summary>
/// The secret stops or crashes while a verification runs (held open by the gated fake). The run it loses was cut
/// short by the actor itself, so it is no result: the same attempt runs again, and with no retries allowed a counted
/// failure would fail the rotation.
/// </summary>
public class CrashDuringVerificationTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    private readonly CipherFailingOnceFake _cipher = new();

    protected override TestNode CreateNode() => new(null, AcceptsGood, Gate) { Services = s => s.AddSingleton<ISecretCipher>(_cipher) };

    private async Task<SecretPath> StartVerifying()
    {
        var path = P("/secrets/verifying");
        await Put(path, "old-value");
        var accepted = await Ask<RotationAccepted>(new RotateSecret(path, Alice, Policy(RotationStrategy.Staged, "gate"), SecretValue.Create("new-value"), WaitForCompletion: false));
        await Gate.EnteredAsync(1);
        Assert.Equal("verifying", (await Ask<SecretStatus>(new GetStatus(path))).Rotation!.Phase);
        Assert.Equal(0, Policy(RotationStrategy.Staged, "gate").MaxRetries); // one counted failure would end the rotation
        Assert.Equal(accepted.RotationId, (await Journal(path)).OfType<VerificationStarted>().Single().RotationId.Value);
        return path;
    }

    /// <summary>The same attempt ran again and passed: one start, no failure, verified, promoted.</summary>
    private async Task AssertReRunAndPassed(SecretPath path)
    {
        await Gate.EnteredAsync(2);
        Gate.Release(pass: true);
        var events = await JournalWith(path, e => e is RotationCompleted or RotationFailed, TimeSpan.FromSeconds(60));
        var types = string.Join(", ", events.Select(e => e.GetType().Name));
        Assert.True(!events.Any(e => e is VerificationFailed or RotationFailed), $"{types}: {events.OfType<RotationFailed>().SingleOrDefault()?.Result.Error}");
        Assert.Equal(1, Assert.Single(events.OfType<VerificationStarted>()).Attempt);
        Assert.True(Assert.Single(events.OfType<Verified>()).Attempt == 1, types);
        Assert.True(Assert.Single(events.OfType<RotationCompleted>()).Result.Success, types);
        Assert.Equal("new-value", await Reveal(path));
    }

    [Fact]
    public async Task A_node_stopped_during_verification_runs_the_attempt_again_after_the_restart()
    {
        var path = await StartVerifying();
        await Node.StopAsync();
        await Node.StartAsync();
        Kit = new Akka.TestKit.Xunit2.TestKit(Node.System);
        // No message: remember-entities restarts the secret, which re-runs the interrupted attempt.
        await AssertReRunAndPassed(path);
    }

    [Fact]
    public async Task A_secret_crashing_during_verification_runs_the_attempt_again_instead_of_counting_it_failed()
    {
        var path = await StartVerifying();
        _cipher.FailNextOpen();
        // The revealed read throws inside the actor: its supervisor restarts it in place, cancelling the running check.
        Node.Region.Tell(new GetSecret(path, VersionSelector.Current, Reveal: true), Kit.CreateTestProbe().Ref);
        await AssertReRunAndPassed(path);
    }
}
