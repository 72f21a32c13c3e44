using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Client;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;
using HarombeActors.Showcase;

// A protected resource that accepts exactly the credentials valid now (it is itself a consumer of the secret
// and follows the protocol), and N consumers sending requests to it continuously with the credential they
// hold, while one rotation of each strategy runs. Every request is counted; a refused one is a failure.
// The resource registers with the resource role, so dual-write and blue-green arm it before any client moves.
//   dotnet run -c Release --project bench/HarombeActors.ZeroDowntime [-- consumers [rotations-per-strategy]]
//   dotnet run -c Release --project bench/HarombeActors.ZeroDowntime -- postgres|redis [clients [rotations-per-strategy]]
// rotates a managed credential at a real server instead (see RealTargets).
if (args.Length > 0 && args[0] is "postgres" or "redis") return await HarombeActors.ZeroDowntime.RealTargets.RunAsync(args);
var consumerCount = args.Length > 0 ? int.Parse(args[0]) : 10;
var rotations = args.Length > 1 ? int.Parse(args[1]) : 5;
var dir = Directory.CreateTempSubdirectory("harombe-zd-").FullName;
var ops = new Principal("harness");
var node = await EmbeddedNode.StartAsync(new HarombeOptions { Port = EmbeddedNode.FreeLoopbackPort(), DataDir = dir, ActorSystemName = "harombe-zd" },
    akka: akka => akka.AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend));
try
{
    async Task<T> Ask<T>(ISecretMessage m) => (T)await node.Region.Ask<ISecretReply>(m, TimeSpan.FromSeconds(60));
    var path = SecretPath.Parse("/harness/api-key");
    await Ask<SecretWriteAccepted>(new WriteSecret(path, SecretValue.Create("initial-api-key"), ops));

    SecretCredentials Consumer(string id, ConsumerRole role = ConsumerRole.Client) => LocalConsumers.Start(node.System, node.Region, path, id, role);

    var resource = Consumer("protected-resource", ConsumerRole.Resource);
    var clients = Enumerable.Range(1, consumerCount).Select(i => Consumer($"client-{i:00}")).ToList();
    await Until(async () => (await Ask<ConsumerList>(new GetConsumers(path))).Consumers.Count == consumerCount + 1 && clients.All(c => c.Current is not null));

    Console.WriteLine($"zero-downtime harness: {consumerCount} consumers + 1 protected resource, {rotations} rotations per strategy, in process, SQLite, {Environment.ProcessorCount} cores");
    Console.WriteLine();
    Console.WriteLine("| strategy | requests | failed | failure windows ms (sum) | rotation ms p50 | last migration -> promotion ms p50 | migration ms p50 |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    async Task<RotationResult> Rotate(RotationStrategy strategy) =>
        (await Ask<RotationOutcome>(new RotateSecret(path, ops, new RotationPolicy { Strategy = strategy, RequireVerification = false, MigrationTimeout = TimeSpan.FromSeconds(60) }))).Result;
    // Keep the load on until every client uses the new value and the resource accepts it.
    Task Settled(RotationResult result) =>
        Until(() => Task.FromResult(clients.All(c => c.Current!.Version == result.NewVersion) && resource.Current!.Valid.ContainsKey(result.NewVersion!.Value)));

    // One row per strategy, then operator rollbacks, each after an unmeasured rotation so there is a value to go back from.
    async Task<RotationResult> Rollback() => (await Ask<RotationOutcome>(new RollbackSecret(path, ops, "harness"))).Result;
    List<(string Name, Func<Task>? Prepare, Func<Task<RotationResult>> Act)> rows =
    [
        .. Enum.GetValues<RotationStrategy>().Select(s => (s.Name(), (Func<Task>?)null, (Func<Task<RotationResult>>)(() => Rotate(s)))),
        .. new[] { RotationStrategy.Staged, RotationStrategy.BlueGreen }.Select(s =>
            ($"rollback after {s.Name()}", (Func<Task>?)(async () => await Settled(await Rotate(s))), (Func<Task<RotationResult>>)Rollback)),
    ];
    foreach (var (name, prepare, act) in rows)
    {
        var traffic = RequestTraffic.Start(resource, clients);
        var failures = traffic.FailureTicks;

        List<double> durations = [], lastToPromotion = [], migration = [];
        double failureWindow = 0;
        long measuredFailures = 0;
        for (var i = 0; i < rotations; i++)
        {
            if (prepare is not null) await prepare();
            await Task.Delay(100); // steady state before each rotation
            var before = failures.Count;
            var watch = Stopwatch.StartNew();
            var result = await act();
            watch.Stop();
            await Settled(result);
            await Task.Delay(100);
            var these = failures.Skip(before).ToList();
            measuredFailures += these.Count;
            if (these.Count > 0) failureWindow += (these.Max() - these.Min()) * 1000.0 / Stopwatch.Frequency;
            durations.Add(watch.Elapsed.TotalMilliseconds); // request to final reply, persistence included

            var events = (await Ask<SecretHistory>(new GetHistory(path))).Events.SkipWhile(e => !e.Summary.StartsWith(result.RotationId, StringComparison.Ordinal)).ToList();
            var migrated = events.Where(e => e.Type == "ConsumerMigrated").ToList();
            var promoted = events.FirstOrDefault(e => e.Type is "Promoted" or "EnvironmentSwitched");
            var dualOn = events.FirstOrDefault(e => e.Type == "DualModeEnabled");
            if (dualOn is not null && promoted is not null && migrated.Any(m => m.At <= promoted.At))
            {
                lastToPromotion.Add((promoted.At - migrated.Where(m => m.At <= promoted.At).Max(m => m.At)).TotalMilliseconds);
                migration.Add((migrated.Max(m => m.At) - dualOn.At).TotalMilliseconds);
            }
        }
        await traffic.StopAsync();
        // Failures count only inside the measured steps (a rollback row's preparing rotation is not its business).
        Console.WriteLine($"| {name} | {traffic.Requests:N0} | {measuredFailures:N0} | {failureWindow:0.0} | {Median(durations)} | {Median(lastToPromotion)} | {Median(migration)} |");
    }
}
finally
{
    await node.DisposeAsync();
    Directory.Delete(dir, recursive: true);
}
return 0;

static Task Until(Func<Task<bool>> condition) => LocalConsumers.Until(condition, TimeSpan.FromSeconds(30), "the harness did not settle");

static string Median(List<double> values) => values.Count == 0 ? "n/a" : $"{values.Order().ElementAt(values.Count / 2):0.0}";
