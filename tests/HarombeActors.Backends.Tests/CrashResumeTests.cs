using Akka.Actor;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Actors.Targets;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.Targets;
using Microsoft.Extensions.DependencyInjection;

namespace HarombeActors.Backends.Tests;

/// <summary>
/// A host that stops after the candidate was set at the server but before that was recorded resumes the rotation from
/// its journal: the step runs again, finds the server accepting the candidate, and changes nothing there a second time.
/// </summary>
[Collection(PostgresCollection.Name)]
public class CrashResumeTests(PostgresFixture pg)
{
    /// <summary>A fake around the real backend: arms for real, then never returns (the host dies before recording it).</summary>
    private sealed class FakeHangingAfterArm(ICredentialBackend real) : ICredentialBackend
    {
        public readonly TaskCompletionSource Armed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Name => real.Name;
        public BackendInfo Info => real.Info;
        public Task PrepareAsync(string username, ManagedCredential first, CancellationToken c) => real.PrepareAsync(username, first, c);
        public Task<CheckVerdict> TryLoginAsync(ManagedCredential credential, CancellationToken c) => real.TryLoginAsync(credential, c);
        public Task RetireAsync(string username, ManagedCredential retired, CancellationToken c) => real.RetireAsync(username, retired, c);
        public Task<IReadOnlyDictionary<string, int>> SessionsAsync(string username, CancellationToken c) => real.SessionsAsync(username, c);
        public Task<CheckVerdict> PreflightAsync(string username, CancellationToken c) => real.PreflightAsync(username, c);

        public async Task ArmAsync(string username, ManagedCredential candidate, CancellationToken c)
        {
            await real.ArmAsync(username, candidate, c);
            Armed.TrySetResult();
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_rotation_cut_short_between_set_and_record_resumes_without_a_second_change_at_the_server()
    {
        await using var backend = new PostgresBackend("pg", await pg.Server.CreateDatabaseAsync());
        var dir = Directory.CreateTempSubdirectory("harombe-resume-").FullName;
        var options = new HarombeOptions { Port = EmbeddedNode.FreeLoopbackPort(), DataDir = dir, ActorSystemName = "harombe-resume", VerificationTimeout = TimeSpan.FromMinutes(2) };
        var path = SecretPath.Parse("/managed/resume");
        var ops = new Principal("alice");
        var hanging = new FakeHangingAfterArm(backend);
        try
        {
            await using (var first = await EmbeddedNode.StartAsync(options, services: s => s.AddSingleton<ICredentialBackend>(hanging)))
            {
                Assert.IsType<SecretWriteAccepted>(await first.Region.Ask<ISecretReply>(new CreateManagedSecret(path, "pg", "resume", ops), TimeSpan.FromSeconds(30)));
                Assert.IsType<RotationAccepted>(await first.Region.Ask<ISecretReply>(
                    new RotateSecret(path, ops, new RotationPolicy { Strategy = RotationStrategy.BlueGreen, RequireVerification = false }, WaitForCompletion: false), TimeSpan.FromSeconds(30)));
                await hanging.Armed.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
            var changes = AlterCount("resume_b");
            Assert.True(changes == 2, string.Join("\n", pg.Server.Log().Split('\n').Where(l => l.Contains("resume", StringComparison.Ordinal)).Take(20))); // created NOLOGIN, then armed once

            options.Port = EmbeddedNode.FreeLoopbackPort();
            await using var second = await EmbeddedNode.StartAsync(options, services: s => s.AddSingleton<ICredentialBackend>(backend));
            var deadline = DateTime.UtcNow.AddSeconds(60);
            SecretHistory history;
            while (true)
            {
                history = (SecretHistory)await second.Region.Ask<ISecretReply>(new GetHistory(path), TimeSpan.FromSeconds(30));
                if (history.Events.Any(e => e.Type == "RotationCompleted")) break;
                Assert.True(DateTime.UtcNow < deadline, string.Join(", ", history.Events.Select(e => e.Type)));
                await Task.Delay(50);
            }
            Assert.Contains(history.Events, e => e.Type == "TargetArmed" && e.Summary.Contains("already", StringComparison.Ordinal));
            Assert.Equal(changes, AlterCount("resume_b"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Statements that changed the role, from the server's own statement log.</summary>
    private int AlterCount(string role) =>
        pg.Server.Log().Split('\n').Count(line => (line.Contains(" execute ", StringComparison.Ordinal) || line.Contains("statement:", StringComparison.Ordinal))
            && (line.Contains($"ALTER ROLE \"{role}\" WITH", StringComparison.Ordinal) || line.Contains($"CREATE ROLE \"{role}\"", StringComparison.Ordinal)));
}
