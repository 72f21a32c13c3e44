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
using HarombeActors.Domain.Values;

// A protected resource that accepts exactly the credentials valid now (it is itself a consumer of the secret
// and follows the protocol), and N consumers sending requests to it continuously with the credential they
// hold, while one rotation of each strategy runs. Every request is counted; a refused one is a failure.
//   dotnet run -c Release --project bench/HarombeActors.ZeroDowntime [-- consumers]
var consumerCount = args.Length > 0 ? int.Parse(args[0]) : 10;
var dir = Directory.CreateTempSubdirectory("harombe-zd-").FullName;
var ops = new Principal("harness");
var node = await EmbeddedNode.StartAsync(new HarombeOptions { Port = EmbeddedNode.FreeLoopbackPort(), DataDir = dir, ActorSystemName = "harombe-zd" },
    akka: akka => akka.AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend));
try
{
    async Task<T> Ask<T>(ISecretMessage m) => (T)await node.Region.Ask<ISecretReply>(m, TimeSpan.FromSeconds(60));
    var path = SecretPath.Parse("/harness/api-key");
    await Ask<SecretWriteAccepted>(new WriteSecret(path, SecretValue.Create("initial-api-key"), ops));

    SecretCredentials Consumer(string id)
    {
        var credentials = new SecretCredentials();
        node.System.ActorOf(SecretConsumerActor.Props(node.Region, new SecretConsumerOptions(path, ConsumerId.Parse(id)) { HeartbeatInterval = TimeSpan.FromSeconds(1) }, credentials));
        return credentials;
    }

    var resource = Consumer("protected-resource");
    var clients = Enumerable.Range(1, consumerCount).Select(i => Consumer($"client-{i:00}")).ToList();
    await Until(async () => (await Ask<ConsumerList>(new GetConsumers(path))).Consumers.Count == consumerCount + 1 && clients.All(c => c.Current is not null));

    Console.WriteLine($"zero-downtime harness: {consumerCount} consumers + 1 protected resource, in process, SQLite, {Environment.ProcessorCount} cores");
    Console.WriteLine();
    Console.WriteLine("| strategy | requests | failed | rotation ms | last migration -> promotion ms | migration ms |");
    Console.WriteLine("|---|---|---|---|---|---|");
    foreach (var strategy in Enum.GetValues<RotationStrategy>())
    {
        long requests = 0, failed = 0;
        using var stop = new CancellationTokenSource();
        var load = clients.Select(c => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref requests);
                if (!resource.Accepts(c.Current!.Current.RevealPlaintext())) Interlocked.Increment(ref failed);
                await Task.Delay(1);
            }
        })).ToList();
        await Task.Delay(200); // steady state before the rotation

        var policy = new RotationPolicy { Strategy = strategy, RequireVerification = false, MigrationTimeout = TimeSpan.FromSeconds(60) };
        var result = (await Ask<RotationOutcome>(new RotateSecret(path, ops, policy))).Result;
        // Keep the load on until every consumer and the resource have settled on the new value.
        await Until(() => Task.FromResult(clients.Append(resource).All(c => c.Current!.Version == result.NewVersion && c.Current.Valid.Count == 1)));
        await Task.Delay(200);
        stop.Cancel();
        await Task.WhenAll(load);

        var events = (await Ask<SecretHistory>(new GetHistory(path))).Events.SkipWhile(e => !e.Summary.StartsWith(result.RotationId, StringComparison.Ordinal)).ToList();
        var migrated = events.Where(e => e.Type == "ConsumerMigrated").ToList();
        var promoted = events.FirstOrDefault(e => e.Type is "Promoted" or "EnvironmentSwitched");
        var dualOn = events.FirstOrDefault(e => e.Type == "DualModeEnabled");
        string lastToPromotion = strategy == RotationStrategy.DualWrite && migrated.Count > 0 && promoted is not null
            ? $"{(promoted.At - migrated.Where(m => m.At <= promoted.At).Max(m => m.At)).TotalMilliseconds:0.0}" : "n/a";
        string migration = dualOn is not null && migrated.Count > 0 ? $"{(migrated.Max(m => m.At) - dualOn.At).TotalMilliseconds:0.0}" : "n/a";
        Console.WriteLine($"| {strategy.Name()} | {requests:N0} | {failed:N0} | {result.DurationMs:0.0} | {lastToPromotion} | {migration} |");
    }
}
finally
{
    await node.DisposeAsync();
    Directory.Delete(dir, recursive: true);
}

static async Task Until(Func<Task<bool>> condition)
{
    var watch = Stopwatch.StartNew();
    while (!await condition())
    {
        if (watch.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("the harness did not settle in 30 s");
        await Task.Delay(5);
    }
}
