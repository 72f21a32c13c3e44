using Grpc.Core;
using Grpc.Net.Client;
using HarombeActors.Protocol;
using HarombeActors.Protocol.V1;

namespace HarombeActors.Cli.Tests.Support;

/// <summary>
/// A host process with more than the default tokens: a named operator ("bob") and a consumer token scoped to /app, so
/// tests can show who is stamped and what a scoped token can and cannot reach.
/// </summary>
public sealed class FrontDoorHost : HostProcess
{
    public const string BobToken = "bob-operator-token-for-tests";
    public const string ScopedToken = "app-consumer-token-for-tests";
    public const string ScopedPrefix = "/app";

    public FrontDoorHost()
    {
        Settings["Harombe__OperatorTokens__bob"] = BobToken;
        Settings["Harombe__ConsumerTokens__app__Token"] = ScopedToken;
        Settings["Harombe__ConsumerTokens__app__Prefixes__0"] = ScopedPrefix;
        // One new consumer a minute after the burst, so the flood test cannot race a refill on a slow machine.
        Settings["Harombe__ConsumerRegistrationsPerMinute"] = "1";
    }

    public string OperatorToken => File.ReadAllText(Path.Combine(DataDir, FrontDoor.OperatorTokenFile)).Trim();
    public string ConsumerToken => File.ReadAllText(Path.Combine(DataDir, FrontDoor.ConsumerTokenFile)).Trim();

    public GrpcChannel Channel() => FrontDoorChannels.Open(ApiUrl, null);

    public Operator.OperatorClient Operator(GrpcChannel channel) => new(channel);

    public Consumer.ConsumerClient Consumer(GrpcChannel channel) => new(channel);

    /// <summary>A consumer's heartbeat over the JSON API with the host's consumer token: the consumer uses that version.</summary>
    public async Task BeatAsync(string path, string consumer, int version)
    {
        using var http = Http();
        var beat = await JsonApi.SendAsync(http, HttpMethod.Post, $"/v1/credentials{path}:heartbeat", ConsumerToken, $$"""{"consumerId":"{{consumer}}","version":{{version}}}""");
        Assert.True(beat.Status == System.Net.HttpStatusCode.OK, beat.ToString());
    }

    /// <summary>
    /// A secret written with the value, consumers on v1, and a dual-write that waits for them (held at an hour's
    /// timeout, nobody stale within it): returns once dual mode is on.
    /// </summary>
    public async Task HeldDualWriteAsync(string path, string value, params string[] consumers)
    {
        Assert.Equal(0, (await PipeAsync(value, "secret", "put", path)).ExitCode);
        foreach (var consumer in consumers) await BeatAsync(path, consumer, 1);
        var rotate = await RunAsync("secret", "rotate", path, "--strategy", "dual-write", "--no-verify", "--migration-timeout", "1h", "--stale-after", "1h",
            "--on-timeout", "hold", "--no-wait");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        await StatusWhenAsync(path, s => s.GetProperty("dualMode").GetBoolean());
    }

    public static CallOptions As(string token) => new(new Metadata { { "authorization", FrontDoor.BearerPrefix + token } }, DateTime.UtcNow.AddSeconds(20));
}
