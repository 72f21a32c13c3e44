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
        Assert.Equal(0, (await backend.SessionsAsync(user, default))[user]);
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
    public async Task An_existing_user_is_never_adopted_and_a_created_one_cannot_administer_the_server()
    {
        await using var backend = new RedisBackend("cache", redis.AdminConnection);
        var user = "app-" + Guid.NewGuid().ToString("N")[..8];
        var first = ManagedCredential.Generate(user, backend.Info);
        Assert.True((await TargetSteps.PrepareAsync(backend, user, first, Timeout, default)).Success);
        // A second secret for the same user (or any user that exists) is refused.
        var again = await TargetSteps.PrepareAsync(backend, user, ManagedCredential.Generate(user, backend.Info), Timeout, default);
        Assert.False(again.Success);
        Assert.Contains("exists already", again.Message);

        // Whoever reads the credential cannot give the user a password of their own, or touch the server's settings.
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync("127.0.0.1", redis.Server.Port);
        var stream = client.GetStream();
        var reader = new StreamReader(stream);
        async Task<string?> Send(params string[] parts)
        {
            var text = $"*{parts.Length}\r\n" + string.Concat(parts.Select(p => $"${System.Text.Encoding.UTF8.GetByteCount(p)}\r\n{p}\r\n"));
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text));
            return await reader.ReadLineAsync();
        }
        Assert.Equal("+OK", await Send("AUTH", user, first.Password));
        Assert.StartsWith("-NOPERM", await Send("ACL", "SETUSER", user, ">mine"));
        Assert.StartsWith("-NOPERM", await Send("CONFIG", "SET", "requirepass", "x"));
        Assert.Equal("+PONG", await Send("PING"));
    }

    [Theory]
    [InlineData("10.1.2.3:6379,password=x")]
    [InlineData("127.0.0.1:6379,password=x,ssl=true")]
    public void A_redis_the_login_test_would_reach_in_plaintext_beyond_loopback_or_over_tls_is_refused_at_start(string admin)
    {
        var refused = Assert.Throws<Actors.Configuration.HarombeConfigurationException>(() =>
            BackendRegistration.Create("cache", new Actors.Configuration.BackendOptions { Kind = "redis", AdminConnection = admin }));
        Assert.Contains("Harombe:Backends:cache:AdminConnection", refused.Message);
        Assert.DoesNotContain("password=x", refused.Message);
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
