using HarombeActors.Actors.Targets;
using HarombeActors.Domain.Targets;

namespace HarombeActors.Backends.Tests;

/// <summary>Redis ACL users with several passwords, against a real Redis server.</summary>
public class RedisBackendTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task One_user_holds_both_passwords_in_dual_mode_and_a_retired_one_is_refused()
    {
        await using var backend = new RedisBackend("cache", redis.AdminConnection);
        var user = "app-" + Guid.NewGuid().ToString("N")[..8];
        var first = ManagedCredential.Generate(user, backend.Info);
        var second = ManagedCredential.Generate(user, backend.Info);
        Assert.True((await TargetSteps.PrepareAsync(backend, user, first, Timeout, default)).Success);
        Assert.False((await backend.TryLoginAsync(second, default)).Success);

        var armed = await TargetSteps.ArmAsync(backend, user, second, Timeout, default);
        Assert.True(armed.Success, armed.Message);
        Assert.True((await backend.TryLoginAsync(first, default)).Success);
        Assert.True((await backend.TryLoginAsync(second, default)).Success);
        Assert.True((await TargetSteps.ArmAsync(backend, user, second, Timeout, default)).AlreadyAccepted);

        Assert.True((await TargetSteps.RetireAsync(backend, user, first, Timeout, default)).Success);
        var refused = await backend.TryLoginAsync(first, default);
        Assert.False(refused.Success);
        Assert.DoesNotContain(first.Password, refused.Message);
        Assert.True((await backend.TryLoginAsync(second, default)).Success);
        // Retiring again (after a crash) is harmless.
        var again = await TargetSteps.RetireAsync(backend, user, first, Timeout, default);
        Assert.True(again.Success, again.Message);
    }

    [Fact]
    public async Task A_wrong_admin_password_fails_the_step_and_names_no_password()
    {
        await using var backend = new RedisBackend("cache", $"{redis.Server.Endpoint},password=wrong-admin-password");
        var first = ManagedCredential.Generate("app", backend.Info);
        var failed = await TargetSteps.PrepareAsync(backend, "app", first, Timeout, default);
        Assert.False(failed.Success);
        Assert.DoesNotContain("wrong-admin-password", failed.Message);
        Assert.DoesNotContain(first.Password, failed.Message);
    }
}
