using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HarombeActors.Cli.Tests.Support;
using HarombeActors.Protocol.V1;

namespace HarombeActors.Cli.Tests;

/// <summary>Every RPC of the front door, called with a real gRPC client (gRPC-Web over HTTP/1.1, as plaintext loopback serves) against a host process.</summary>
public class FrontDoorRpcTests(FrontDoorHost host) : IClassFixture<FrontDoorHost>
{
    private CallOptions Op => FrontDoorHost.As(host.OperatorToken);
    private CallOptions Bob => FrontDoorHost.As(FrontDoorHost.BobToken);
    private CallOptions Cons => FrontDoorHost.As(host.ConsumerToken);
    private static CallOptions Scoped => FrontDoorHost.As(FrontDoorHost.ScopedToken);

    private async Task<Operator.OperatorClient> Put(string path, string value)
    {
        var api = host.Operator(host.Channel());
        var written = await api.PutSecretAsync(new PutSecretRequest { Path = path, Value = value }, Op);
        Assert.Equal(path, written.SecretPath);
        return api;
    }

    private static async Task<List<RotateEvent>> Drain(AsyncServerStreamingCall<RotateEvent> call)
    {
        var events = new List<RotateEvent>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None)) events.Add(call.ResponseStream.Current);
        return events;
    }

    [Fact]
    public async Task Every_operator_rpc_answers_and_the_token_name_is_stamped()
    {
        const string path = "/rpc/op";
        var api = host.Operator(host.Channel());
        var written = await api.PutSecretAsync(new PutSecretRequest { Path = path, Value = "rpc-value-1" }, Bob);
        Assert.Equal((1, 8), (written.Version, written.Fingerprint.Length));
        Assert.Equal(2, (await api.PutSecretAsync(new PutSecretRequest { Path = "rpc/op", Generate = "hex", Length = 20 }, Op)).Version);

        var masked = await api.GetSecretAsync(new GetSecretRequest { Path = path }, Op);
        Assert.Equal(("********", false, 2), (masked.Value, masked.Revealed, masked.Version));
        var first = await api.GetSecretAsync(new GetSecretRequest { Path = path, Version = "1", Reveal = true }, Op);
        Assert.Equal(("rpc-value-1", true), (first.Value, first.Revealed));
        Assert.Equal(1, (await api.GetSecretAsync(new GetSecretRequest { Path = path + ".previous", Reveal = true }, Op)).Version);

        var status = await api.GetStatusAsync(new PathRequest { Path = path }, Op);
        Assert.Equal((true, 2, 1), (status.Exists, status.CurrentVersion, status.PreviousVersion));
        Assert.Equal("staged", status.Policy.Strategy);
        Assert.Contains(path, (await api.ListSecretsAsync(new ListSecretsRequest { Prefix = "/rpc/" }, Op)).Secrets);

        var events = await Drain(api.Rotate(new RotateRequest { Path = path, Strategy = "blue-green" }, Op));
        var result = Assert.Single(events).Result;
        Assert.Equal(("blue-green", "success", 2, 3), (result.Strategy, result.Status, result.OldVersion, result.NewVersion));
        // No consumer: a dual-write promotes in its first batch, so even with noWait the answer is the result.
        var immediate = Assert.Single(await Drain(api.Rotate(new RotateRequest { Path = path, Strategy = "dual-write", NoWait = true }, Op)));
        Assert.Equal(("dual-write", "success"), (immediate.Result.Strategy, immediate.Result.Status));
        var promote = await Assert.ThrowsAsync<RpcException>(async () => await api.PromoteAsync(new VerbRequest { Path = path }, Op));
        Assert.Equal(StatusCode.FailedPrecondition, promote.StatusCode);
        var cancel = await Assert.ThrowsAsync<RpcException>(async () => await api.CancelAsync(new VerbRequest { Path = path }, Op));
        Assert.Equal(StatusCode.FailedPrecondition, cancel.StatusCode);

        var rollback = await api.RollbackAsync(new RollbackRequest { Path = path, Reason = "testing the rpc" }, Bob);
        Assert.Equal(4, rollback.OldVersion);
        Assert.Equal(("rolled_back", true), (rollback.Status, rollback.RollbackPerformed));

        var history = await api.GetHistoryAsync(new PathRequest { Path = path }, Op);
        Assert.Contains(history.Events, e => e.Type == "SecretWritten" && e.Summary.Contains("written by bob", StringComparison.Ordinal));
        Assert.Contains(history.Events, e => e.Type == "RolledBack" && e.Summary.Contains("by bob: testing the rpc", StringComparison.Ordinal));
        Assert.Contains(history.Events, e => e.Type == "RotationStarted" && e.Summary.Contains("started by operator", StringComparison.Ordinal));
        Assert.Empty((await api.GetConsumersAsync(new PathRequest { Path = path }, Op)).Consumers);

        var cluster = await api.GetClusterAsync(new Empty(), Op);
        Assert.Equal(["host"], Assert.Single(cluster.Members).Roles);
        Assert.Contains((await api.GetShardsAsync(new Empty(), Op)).Regions, r => r.Entities > 0);
        Assert.True((await api.GetStatsAsync(new Empty(), Op)).Rollbacks >= 1);
    }

    [Fact]
    public async Task A_consumer_is_removed_by_rpc_or_cli_in_the_name_of_the_operator()
    {
        const string path = "/rpc/remove";
        var api = await Put(path, "remove-value-1");
        var consumers = host.Consumer(host.Channel());
        foreach (var id in new[] { "pod-a", "pod-b", "pod-c" })
            await consumers.HeartbeatAsync(new HeartbeatRequest { Path = path, ConsumerId = id, Version = 1 }, Cons);

        var removed = await api.RemoveConsumerAsync(new RemoveConsumerRequest { Path = path, ConsumerId = "pod-a" }, Bob);
        Assert.Equal((path, "pod-a", 2), (removed.SecretPath, removed.ConsumerId, removed.RemainingConsumers));
        var cli = await host.RunAsync("secret", "consumers", "remove", path, "pod-b", "--json");
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Equal(1, HostProcess.Json(cli).GetProperty("remainingConsumers").GetInt32());
        Assert.Equal(["pod-c"], (await api.GetConsumersAsync(new PathRequest { Path = path }, Op)).Consumers.Select(c => c.ConsumerId));

        var history = (await api.GetHistoryAsync(new PathRequest { Path = path }, Op)).Events.Where(e => e.Type == "ConsumerRemoved").Select(e => e.Summary);
        Assert.Equal(["consumer pod-a (last on v1) removed by bob", "consumer pod-b (last on v1) removed by operator"], history);

        var unknown = await host.RunAsync("secret", "consumers", "remove", path, "pod-z", "--json");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("not_found", HostProcess.Json(unknown).GetProperty("error").GetProperty("code").GetString());
        var badId = await host.RunAsync("secret", "consumers", "remove", path, "a b", "--json");
        Assert.Equal(2, badId.ExitCode);
        var consumerToken = await Assert.ThrowsAsync<RpcException>(async () => await api.RemoveConsumerAsync(new RemoveConsumerRequest { Path = path, ConsumerId = "pod-c" }, Cons));
        Assert.Equal(StatusCode.Unauthenticated, consumerToken.StatusCode);
        Assert.Single((await api.GetConsumersAsync(new PathRequest { Path = path }, Op)).Consumers);
    }

    [Fact]
    public async Task One_consumer_token_cannot_flood_a_secret_with_new_consumers()
    {
        const string path = "/rpc/flood";
        var api = await Put(path, "flood-value-1");
        var consumers = host.Consumer(host.Channel());
        // The default burst: 200 new consumers at once per token and secret (this host then allows 1 a minute).
        for (var i = 0; i < 200; i++) await consumers.HeartbeatAsync(new HeartbeatRequest { Path = path, ConsumerId = $"pod-{i:000}", Version = 1 }, Cons);

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await consumers.HeartbeatAsync(new HeartbeatRequest { Path = path, ConsumerId = "pod-200", Version = 1 }, Cons));
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("registered too many new consumers", refused.Status.Detail);
        using var http = host.Http();
        var overHttp = await JsonApi.SendAsync(http, HttpMethod.Post, "/v1/credentials/rpc/flood:heartbeat", host.ConsumerToken, """{"consumerId":"pod-201","version":1}""");
        Assert.Equal((System.Net.HttpStatusCode.TooManyRequests, "throttled"), (overHttp.Status, overHttp.Reason));

        // Consumers it already registered keep heartbeating, and the secret lists no more than were let in.
        await consumers.HeartbeatAsync(new HeartbeatRequest { Path = path, ConsumerId = "pod-000", Version = 1 }, Cons);
        Assert.Equal(200, (await api.GetConsumersAsync(new PathRequest { Path = path }, Op)).Consumers.Count);
    }

    [Fact]
    public async Task A_consumer_token_cannot_speak_for_a_consumer_another_token_registered()
    {
        const string path = "/app/owned";
        var api = await Put(path, "owned-value-1");
        var consumers = host.Consumer(host.Channel());
        // The scoped token's service is on v1 and holds a dual-write open.
        await consumers.HeartbeatAsync(new HeartbeatRequest { Path = path, ConsumerId = "billing-1", Version = 1 }, Scoped);
        var started = await Drain(api.Rotate(new RotateRequest { Path = path, Strategy = "dual-write", NoWait = true, NoVerify = true, MigrationTimeout = Duration.FromTimeSpan(TimeSpan.FromHours(1)) }, Op));
        Assert.Equal(RotateEvent.EventOneofCase.Accepted, started[^1].EventCase);

        // Another token (here the all-paths consumer token) claims the move for it: refused, over gRPC and HTTP, and for watches too.
        var forged = await Assert.ThrowsAsync<RpcException>(async () =>
            await consumers.HeartbeatAsync(new HeartbeatRequest { Path = path, ConsumerId = "billing-1", Version = 2 }, Cons));
        Assert.Equal((StatusCode.PermissionDenied, "consumer 'billing-1' of /app/owned was registered with another token; only that token may speak for it"),
            (forged.StatusCode, forged.Status.Detail));
        using var http = host.Http();
        var overHttp = await JsonApi.SendAsync(http, HttpMethod.Post, "/v1/credentials/app/owned:heartbeat", host.ConsumerToken, """{"consumerId":"billing-1","version":2}""");
        Assert.Equal((System.Net.HttpStatusCode.Forbidden, "forbidden"), (overHttp.Status, overHttp.Reason));
        using var watch = consumers.Watch(new WatchRequest { Path = path, ConsumerId = "billing-1" }, new CallOptions(Cons.Headers));
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(async () => await watch.ResponseStream.MoveNext(CancellationToken.None))).StatusCode);

        // Nothing moved: the rotation still waits for the real consumer, which then promotes it itself.
        var status = await api.GetStatusAsync(new PathRequest { Path = path }, Op);
        Assert.True(status.DualMode);
        var listed = Assert.Single((await api.GetConsumersAsync(new PathRequest { Path = path }, Op)).Consumers);
        Assert.Equal((1, "app"), (listed.SecretVersion, listed.Registrant));
        await consumers.HeartbeatAsync(new HeartbeatRequest { Path = path, ConsumerId = "billing-1", Version = 2 }, Scoped);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await api.GetStatusAsync(new PathRequest { Path = path }, Op)).CurrentVersion != 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the real consumer's move did not promote the rotation");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Promote_and_cancel_end_a_waiting_dual_write_and_no_wait_answers_once_it_started()
    {
        var api = await Put("/rpc/waiting", "waiting-value-1");
        var consumers = host.Consumer(host.Channel());
        // A consumer on v1 that never moves keeps the rotation waiting.
        await consumers.HeartbeatAsync(new HeartbeatRequest { Path = "/rpc/waiting", ConsumerId = "stuck", Version = 1 }, Cons);
        var accepted = Assert.Single(await Drain(api.Rotate(new RotateRequest
            { Path = "/rpc/waiting", Strategy = "dual-write", NoWait = true, MigrationTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)) }, Op))).Accepted;
        Assert.Equal(("dual-write", "in_progress", "waiting-for-consumers"), (accepted.Strategy, accepted.Status, accepted.Phase));
        Assert.Equal(accepted.RotationId, (await api.PromoteAsync(new VerbRequest { Path = "/rpc/waiting" }, Op)).RotationId);
        foreach (var (verb, expected) in new[] { ("promote", "success"), ("cancel", "rolled_back") })
        {
            var rotate = api.Rotate(new RotateRequest { Path = "/rpc/waiting", Strategy = "dual-write", MigrationTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)) }, Op);
            Assert.True(await rotate.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal("waiting-for-consumers", rotate.ResponseStream.Current.Progress.Phase);
            var ended = verb == "promote"
                ? await api.PromoteAsync(new VerbRequest { Path = "/rpc/waiting" }, Op)
                : await api.CancelAsync(new VerbRequest { Path = "/rpc/waiting" }, Op);
            Assert.Equal(expected, ended.Status);
            var final = (await Drain(rotate)).Last();
            Assert.Equal(ended.RotationId, final.Result.RotationId);
            rotate.Dispose();
        }
    }

    [Fact]
    public async Task A_rotate_or_write_sent_again_with_its_request_id_is_answered_as_the_first_and_changes_nothing()
    {
        var api = await Put("/rpc/repeat", "repeat-value-1");
        var put = new PutSecretRequest { Path = "/rpc/repeat-put", Generate = "hex", RequestId = "deploy-7:put" };
        var written = await api.PutSecretAsync(put, Op);
        Assert.Equal(written, await api.PutSecretAsync(put, Op));
        Assert.Equal(1, written.Version);
        var consumers = host.Consumer(host.Channel());
        await consumers.HeartbeatAsync(new HeartbeatRequest { Path = "/rpc/repeat", ConsumerId = "holder", Version = 1 }, Cons);
        RotateRequest Request(string value) => new()
        {
            Path = "/rpc/repeat", Strategy = "dual-write", NoWait = true, NoVerify = true, Value = value, RequestId = "deploy-7:rotate",
            MigrationTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)),
        };

        var first = Assert.Single(await Drain(api.Rotate(Request("repeat-value-2"), Op))).Accepted;
        var again = Assert.Single(await Drain(api.Rotate(Request("repeat-value-3"), Op))).Accepted;
        Assert.Equal(first.RotationId, again.RotationId);

        var ended = await api.PromoteAsync(new VerbRequest { Path = "/rpc/repeat" }, Op);
        var afterEnd = Assert.Single(await Drain(api.Rotate(Request("repeat-value-4"), Op))).Result;
        Assert.Equal((first.RotationId, "success"), (afterEnd.RotationId, ended.Status));
        Assert.Equal("repeat-value-2", (await api.GetSecretAsync(new GetSecretRequest { Path = "/rpc/repeat", Reveal = true }, Op)).Value);
        Assert.Single((await api.GetHistoryAsync(new PathRequest { Path = "/rpc/repeat" }, Op)).Events, e => e.Type == "RotationStarted");
        var malformed = Request("repeat-value-5");
        malformed.RequestId = "has space";
        var bad = await Assert.ThrowsAsync<RpcException>(() => Drain(api.Rotate(malformed, Op)));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("requestId", bad.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rollback_sent_again_with_its_request_id_rolls_back_once()
    {
        var api = host.Operator(host.Channel());
        await api.PutSecretAsync(new PutSecretRequest { Path = "/rpc/undo", Generate = "hex" }, Op);
        await Drain(api.Rotate(new RotateRequest { Path = "/rpc/undo", Strategy = "staged", NoVerify = true }, Op));
        var rollback = new RollbackRequest { Path = "/rpc/undo", Reason = "bad deploy", RequestId = "deploy-8:undo" };
        var first = await api.RollbackAsync(rollback, Op);
        var again = await api.RollbackAsync(rollback, Op);
        Assert.Equal(first, again);
        var status = await api.GetStatusAsync(new PathRequest { Path = "/rpc/undo" }, Op);
        Assert.Equal(1, status.CurrentVersion); // once: a second rollback would have swapped back to v2
        Assert.Single((await api.GetHistoryAsync(new PathRequest { Path = "/rpc/undo" }, Op)).Events, e => e.Type == "RolledBack");
        var misuse = await Assert.ThrowsAsync<RpcException>(async () => await api.PromoteAsync(new VerbRequest { Path = "/rpc/undo", RequestId = "deploy-8:undo" }, Op));
        Assert.Contains("was used for the latest rollback", misuse.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_consumer_rpc_answers_and_the_watch_follows_a_rotation()
    {
        const string path = "/rpc/consumer";
        var api = await Put(path, "consumer-value-1");
        var consumers = host.Consumer(host.Channel());
        var read = await consumers.ReadAsync(new PathRequest { Path = path }, Cons);
        Assert.Equal((1, 1), (read.CurrentVersion, read.PreferredVersion));
        Assert.Equal("consumer-value-1", Assert.Single(read.Valid).Value);

        using var watch = consumers.Watch(new WatchRequest { Path = path, ConsumerId = "watcher", Role = "client" }, new CallOptions(Cons.Headers));
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(1, watch.ResponseStream.Current.PreferredVersion);
        var beat = await consumers.HeartbeatAsync(new HeartbeatRequest { Path = path, ConsumerId = "watcher", Version = 1 }, Cons);
        Assert.Equal([1], beat.ValidVersions);

        var rotate = api.Rotate(new RotateRequest { Path = path, Strategy = "dual-write", MigrationTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(2)) }, Op);
        Notice notice;
        do
        {
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
            notice = watch.ResponseStream.Current;
        } while (notice.Kind != "dual_mode_started");
        Assert.Equal(2, notice.PreferredVersion);
        Assert.Equal([1, 2], notice.ValidVersions);
        var both = await consumers.ReadAsync(new PathRequest { Path = path }, Cons);
        Assert.Equal([1, 2], both.Valid.Select(v => v.Version));
        await consumers.HeartbeatAsync(new HeartbeatRequest { Path = path, ConsumerId = "watcher", Version = 2 }, Cons);
        var result = (await Drain(rotate)).Last().Result;
        Assert.Equal(("success", 1, 1), (result.Status, result.ConsumersMigrated, result.ConsumersTotal));
        do
        {
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
            notice = watch.ResponseStream.Current;
        } while (notice.Kind != "promoted");
        Assert.Equal([2], notice.ValidVersions);
    }

    [Fact]
    public async Task Each_service_takes_only_its_own_kind_of_token()
    {
        await Put("/rpc/kinds", "kinds-value-1");
        var api = host.Operator(host.Channel());
        var consumers = host.Consumer(host.Channel());
        foreach (var attempt in new Func<Task>[]
        {
            async () => await api.GetSecretAsync(new GetSecretRequest { Path = "/rpc/kinds", Reveal = true }, Cons),
            async () => await api.PutSecretAsync(new PutSecretRequest { Path = "/rpc/kinds", Value = "overwritten!" }, Cons),
            async () => await api.GetSecretAsync(new GetSecretRequest { Path = "/rpc/kinds", Reveal = true }, FrontDoorHost.As("not-a-token-at-all-no")),
            async () => await api.GetSecretAsync(new GetSecretRequest { Path = "/rpc/kinds", Reveal = true }, new CallOptions()),
            async () => await consumers.ReadAsync(new PathRequest { Path = "/rpc/kinds" }, Op),
        })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(attempt);
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
            Assert.DoesNotContain("kinds-value-1", refused.Status.Detail);
        }
        Assert.Equal(1, (await api.GetStatusAsync(new PathRequest { Path = "/rpc/kinds" }, Op)).CurrentVersion);
    }

    [Fact]
    public async Task A_scoped_consumer_token_reaches_its_prefix_only_and_outside_it_learns_nothing()
    {
        await Put("/app/db", "app-value-1");
        await Put("/other/db", "other-value-1");
        var consumers = host.Consumer(host.Channel());
        Assert.Equal("app-value-1", Assert.Single((await consumers.ReadAsync(new PathRequest { Path = "/app/db" }, Scoped)).Valid).Value);

        var refusals = new List<RpcException>();
        foreach (var path in new[] { "/other/db", "/other/missing", "/apple/db" })
        {
            refusals.Add(await Assert.ThrowsAsync<RpcException>(async () => await consumers.ReadAsync(new PathRequest { Path = path }, Scoped)));
            refusals.Add(await Assert.ThrowsAsync<RpcException>(async () =>
                await consumers.HeartbeatAsync(new HeartbeatRequest { Path = path, ConsumerId = "sneaky", Version = 1 }, Scoped)));
            using var watch = consumers.Watch(new WatchRequest { Path = path, ConsumerId = "sneaky" }, Scoped);
            refusals.Add(await Assert.ThrowsAsync<RpcException>(async () => await watch.ResponseStream.MoveNext(CancellationToken.None)));
        }
        // An existing secret and a missing one get the same answer.
        Assert.All(refusals, r => Assert.Equal((StatusCode.PermissionDenied, "this token may not do that here"), (r.StatusCode, r.Status.Detail)));
        var api = host.Operator(host.Channel());
        Assert.Empty((await api.GetConsumersAsync(new PathRequest { Path = "/other/db" }, Op)).Consumers);
    }
}
