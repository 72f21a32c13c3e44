using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Client;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;
using HarombeActors.Showcase;
using HarombeActors.Domain.Queries;

// The demo: an in-process single-node cluster on a temporary SQLite folder, a protected resource (the "database",
// which accepts exactly the credentials valid now) and five clients sending it requests all along, a dual-write
// rotation with live progress, a blue-green rotation, a rollback, and a summary with the failed requests of each
// step. Nothing is left behind.
var dir = Directory.CreateTempSubdirectory("harombe-demo-").FullName;
var ops = new Principal("demo");
var path = SecretPath.Parse("/demo/db/password");
var summary = new List<(string Step, RotationResult Result, long Requests, long Failed)>();
var clock = Stopwatch.StartNew();

Console.WriteLine($"HarombeActors demo: single-node cluster, SQLite files in {dir}");
var node = await EmbeddedNode.StartAsync(new HarombeOptions { Port = EmbeddedNode.FreeLoopbackPort(), DataDir = dir, ActorSystemName = "harombe-demo" },
    akka: akka => akka.AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend));
try
{
    async Task<T> Ask<T>(ISecretMessage m) where T : ISecretReply => await node.Region.Ask<ISecretReply>(m, TimeSpan.FromSeconds(30)) switch
    {
        T t => t,
        CommandRejected r => throw new InvalidOperationException(r.Rejection.Message),
        var other => throw new InvalidOperationException($"unexpected {other}"),
    };

    var written = await Ask<SecretWriteAccepted>(new WriteSecret(path, SecretValue.Create("initial-password"), ops));
    Console.WriteLine($"wrote {path} v{written.Version} ({written.Fingerprint})");

    SecretCredentials Consumer(string id, ConsumerRole role) => LocalConsumers.Start(node.System, node.Region, path, id, role);

    var database = Consumer("database", ConsumerRole.Resource);
    var consumers = Enumerable.Range(1, 5).Select(i => Consumer($"api-{i}", ConsumerRole.Client)).ToList();
    await WaitUntil(async () => (await Ask<ConsumerList>(new GetConsumers(path))).Consumers.Count == consumers.Count + 1 && consumers.All(c => c.Current is not null));
    Console.WriteLine($"1 protected resource and {consumers.Count} clients registered, all on v{consumers[0].Current!.Version}; the clients now send requests non-stop");
    Console.WriteLine();

    // Every client presents its current credential to the database about once a millisecond, through every step.
    var traffic = RequestTraffic.Start(database, consumers);
    (long Requests, long Failed) mark = (0, 0);
    void Record(string step, RotationResult result)
    {
        var now = (traffic.Requests, traffic.Failed);
        summary.Add((step, result, now.Item1 - mark.Requests, now.Item2 - mark.Failed));
        mark = now;
    }

    await Task.Delay(300); // a moment of steady traffic before the step, so each step's requests span before and after
    // 1. Dual-write: both values valid while consumers move; promoted the moment the last one reports.
    Console.WriteLine("dual-write rotation (the database accepts the new value first, then clients move, then the old one retires):");
    var dual = node.Region.Ask<ISecretReply>(new RotateSecret(path, ops,
        new RotationPolicy { Strategy = RotationStrategy.DualWrite, RequireVerification = false, MigrationTimeout = TimeSpan.FromSeconds(30) }), TimeSpan.FromSeconds(60));
    while (!dual.IsCompleted)
    {
        var status = await Ask<SecretStatus>(new GetStatus(path));
        if (status.Rotation is { } r) Progress(status.Consumers.Migrated, status.Consumers.Total, r.Phase);
        await Task.WhenAny(dual, Task.Delay(20)); // redraw cadence of the progress bar only
    }
    var dualResult = ((RotationOutcome)await dual).Result;
    Progress(dualResult.ConsumersMigrated, dualResult.ConsumersTotal, "promoted");
    Console.WriteLine();
    await WaitUntil(() => Task.FromResult(consumers.All(c => c.Current!.Version == dualResult.NewVersion && c.Current.Valid.Count == 1)));
    Record("dual-write rotation", dualResult);
    Console.WriteLine($"every consumer now uses v{dualResult.NewVersion}; v{dualResult.OldVersion} is previous");

    await Task.Delay(300); // a moment of steady traffic before the step, so each step's requests span before and after
    // 2. Blue-green: write the idle slot, switch the pointer in one event.
    var bg = (await Ask<RotationOutcome>(new RotateSecret(path, ops, new RotationPolicy { Strategy = RotationStrategy.BlueGreen, RequireVerification = false }))).Result;
    await WaitUntil(() => Task.FromResult(consumers.All(c => c.Current!.Version == bg.NewVersion)));
    Record("blue-green rotation", bg);
    Console.WriteLine($"blue-green switched to v{bg.NewVersion}; consumers followed");

    await Task.Delay(300); // a moment of steady traffic before the step, so each step's requests span before and after
    // 3. Rollback: one pointer switch back.
    var rb = (await Ask<RotationOutcome>(new RollbackSecret(path, ops))).Result;
    await WaitUntil(() => Task.FromResult(consumers.All(c => c.Current!.Version == rb.NewVersion)));
    Record("rollback", rb);
    Console.WriteLine($"rolled back to v{rb.NewVersion}; consumers followed");
    Console.WriteLine();
    await traffic.StopAsync();

    Console.WriteLine($"{"step",-22}{"strategy",-12}{"status",-13}{"versions",-10}{"ms",8}{"requests",10}{"failed",8}");
    foreach (var (step, r, stepRequests, stepFailed) in summary)
        Console.WriteLine($"{step,-22}{r.Strategy.Name(),-12}{r.Status.Name(),-13}{$"v{r.OldVersion}->v{r.NewVersion}",-10}{r.DurationMs,8:0.0}{stepRequests,10:N0}{stepFailed,8:N0}");
    Console.WriteLine();
    var history = await Ask<SecretHistory>(new GetHistory(path));
    Console.WriteLine($"audit trail: {history.Events.Count} events (no values); demo took {clock.Elapsed.TotalSeconds:0.0} s");
}
finally
{
    await node.DisposeAsync();
    Directory.Delete(dir, recursive: true);
}

static void Progress(int migrated, int total, string phase)
{
    const int width = 30;
    var filled = total == 0 ? width : width * migrated / total;
    Console.Write($"\r  [{new string('#', filled)}{new string('-', width - filled)}] {migrated}/{total} consumers migrated ({phase})      ");
}

static Task WaitUntil(Func<Task<bool>> condition) =>
    LocalConsumers.Until(condition, TimeSpan.FromSeconds(20), "the demo did not reach its next step");
