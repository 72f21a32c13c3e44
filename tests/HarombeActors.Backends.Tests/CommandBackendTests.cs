using Akka.Actor;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Actors.Targets;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Targets;
using Microsoft.Extensions.DependencyInjection;

namespace HarombeActors.Backends.Tests;

/// <summary>
/// The command backend with small shell scripts whose "system" is a file of login:password lines (a stand-in target,
/// named as such): the credential reaches them through the environment only, output is scrubbed, a hang is cut short.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // shell scripts
public sealed class CommandBackendTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("harombe-command-").FullName;

    private string Store => Path.Combine(_dir, "fake-target-passwords");

    private string Script(string name, string body)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private CommandBackend Backend(string? set = null) => (CommandBackend)BackendRegistration.Create("cmd", new BackendOptions
    {
        Kind = "command", Host = "svc.internal", Port = 443,
        // The set script prints the password on purpose: the step's message must not carry it.
        SetCommand = set ?? Script("set.sh", $"echo \"setting $HAROMBE_LOGIN to $HAROMBE_PASSWORD\"; echo \"$HAROMBE_LOGIN:$HAROMBE_PASSWORD\" >> {Store}"),
        TestCommand = Script("test.sh", $"grep -qx \"$HAROMBE_LOGIN:$HAROMBE_PASSWORD\" {Store} 2>/dev/null"),
        RetireCommand = Script("retire.sh", $"grep -vx \"$HAROMBE_LOGIN:$HAROMBE_PASSWORD\" {Store} > {Store}.new; mv {Store}.new {Store}"),
    });

    [Fact]
    public async Task Set_test_and_retire_run_the_programs_with_the_credential_in_the_environment_only()
    {
        var backend = Backend();
        var first = ManagedCredential.Generate("svc", backend.Info);
        var second = ManagedCredential.Generate("svc", backend.Info);
        var prepared = await TargetSteps.PrepareAsync(backend, "svc", first, Timeout, default);
        Assert.True(prepared.Success, prepared.Message);
        Assert.True((await TargetSteps.ArmAsync(backend, "svc", second, Timeout, default)).Success);
        Assert.True((await backend.TryLoginAsync(first, default)).Success);
        Assert.True((await backend.TryLoginAsync(second, default)).Success);
        Assert.True((await TargetSteps.RetireAsync(backend, "svc", first, Timeout, default)).Success);
        Assert.False((await backend.TryLoginAsync(first, default)).Success);
        Assert.True((await backend.TryLoginAsync(second, default)).Success);
        Assert.True((await backend.PreflightAsync("svc", default)).Success);
    }

    [Fact]
    public async Task A_failing_or_hanging_program_fails_the_step_in_time_with_its_output_scrubbed()
    {
        var failing = Backend(Script("set-fails.sh", "echo \"refused $HAROMBE_PASSWORD\" >&2; exit 3"));
        var candidate = ManagedCredential.Generate("svc", failing.Info);
        var failed = await TargetSteps.ArmAsync(failing, "svc", candidate, Timeout, default);
        Assert.False(failed.Success);
        Assert.Contains("set exited 3", failed.Message);
        Assert.Contains("refused ********", failed.Message);
        Assert.DoesNotContain(candidate.Password, failed.Message);

        var hanging = Backend(Script("set-hangs.sh", "sleep 60"));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var cut = await TargetSteps.ArmAsync(hanging, "svc", candidate, TimeSpan.FromSeconds(1), default);
        Assert.False(cut.Success);
        Assert.Contains("did not answer", cut.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void A_command_backend_without_its_programs_stops_the_host_naming_the_setting()
    {
        var refused = Assert.Throws<HarombeConfigurationException>(() => BackendRegistration.Create("cmd", new BackendOptions { Kind = "command", SetCommand = "/bin/true" }));
        Assert.StartsWith("Harombe:Backends:cmd:TestCommand", refused.Message);
        var relative = Assert.Throws<HarombeConfigurationException>(() => BackendRegistration.Create("cmd", new BackendOptions { Kind = "command", SetCommand = "set.sh", TestCommand = "/bin/true", RetireCommand = "/bin/true" }));
        Assert.StartsWith("Harombe:Backends:cmd:SetCommand", relative.Message);
    }

    [Fact]
    public async Task A_managed_secret_on_the_command_backend_rotates_and_its_old_password_is_retired()
    {
        var backend = Backend();
        var data = Path.Combine(_dir, "data");
        await using var node = await EmbeddedNode.StartAsync(
            new HarombeOptions { Port = EmbeddedNode.FreeLoopbackPort(), DataDir = data, ActorSystemName = "harombe-command", TargetRetireGrace = TimeSpan.FromMilliseconds(200) },
            services: s => s.AddSingleton<ICredentialBackend>(backend));
        var path = SecretPath.Parse("/managed/command");
        var ops = new Principal("alice");
        Assert.IsType<SecretWriteAccepted>(await node.Region.Ask<ISecretReply>(new CreateManagedSecret(path, "cmd", "svc", ops), TimeSpan.FromSeconds(30)));
        var outcome = (RotationOutcome)await node.Region.Ask<ISecretReply>(new RotateSecret(path, ops, new RotationPolicy { Strategy = RotationStrategy.DualWrite, RequireVerification = false }), TimeSpan.FromSeconds(30));
        Assert.True(outcome.Result.Success, outcome.Result.Error);
        var current = ManagedCredential.Parse(((SecretRead)await node.Region.Ask<ISecretReply>(new GetSecret(path, VersionSelector.Current, true), TimeSpan.FromSeconds(30))).Value!)!;
        Assert.Equal(("svc", "svc.internal", 443), (current.Username, current.Host, current.Port));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (File.ReadAllLines(Store).Length != 1) Assert.True(DateTime.UtcNow < deadline, "the old password was never retired");
        Assert.Equal($"svc:{current.Password}", File.ReadAllLines(Store).Single());
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
