using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using HarombeActors.Client;
using HarombeActors.Contracts.Serialization;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.State;
using HarombeActors.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A consumer of one secret that follows rotations and prints one line per change ("in use v2; valid v1,v2"), never
// the value. Two ways in:
//   as a client node (a cluster member with the "client" role and a region proxy; hosts no secrets):
//     dotnet run --project src/HarombeActors.SampleConsumer -- --path /secrets/db --consumer-id api-1 --seed 127.0.0.1:4053
//   through ClusterClient (not a member), with the hosts' consumer token (--token, HAROMBE_CONSUMER_TOKEN, or --data-dir):
//     dotnet run --project src/HarombeActors.SampleConsumer -- --path /secrets/db --consumer-id api-1 --contact 127.0.0.1:4053 --data-dir data
// --role resource makes it a protected resource (accepts every valid version, is told of a new one first).
string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var rawPath = Arg("--path") ?? "/secrets/db/password";
var rawId = Arg("--consumer-id") ?? $"sample-{Environment.ProcessId}";
var contact = Arg("--contact");
var seed = Arg("--seed") ?? "127.0.0.1:4053";
var port = int.TryParse(Arg("--port"), out var p) ? p : 0;
var system = Arg("--system") ?? "harombe";
var heartbeat = TimeSpan.FromSeconds(double.TryParse(Arg("--heartbeat-seconds"), out var h) ? h : 5);
// Members must agree on the split-brain resolver's patience, so this takes the hosts' setting (20 s by default).
var stableAfter = TimeSpan.FromSeconds(double.TryParse(Arg("--sbr-stable-after-seconds"), out var s) ? s : 20);
var role = Arg("--role") switch
{
    null or "client" => ConsumerRole.Client,
    "resource" => ConsumerRole.Resource,
    _ => (ConsumerRole?)null,
};
if (role is null) { Console.Error.WriteLine("--role: must be client or resource"); return 2; }
if (!SecretPath.TryParse(rawPath, out var path, out var badPath)) { Console.Error.WriteLine($"--{badPath.Message}"); return 2; }
if (!ConsumerId.TryParse(rawId, out var id, out var badId)) { Console.Error.WriteLine($"--consumer-id: {badId.Message}"); return 2; }
var token = Arg("--token") ?? Environment.GetEnvironmentVariable(SecretGatewayOptions.TokenEnvironmentVariable)
    ?? (Arg("--data-dir") is { } dataDir && File.Exists(Path.Combine(dataDir, "consumer.token")) ? File.ReadAllText(Path.Combine(dataDir, "consumer.token")).Trim() : null);
if (contact is not null && string.IsNullOrWhiteSpace(token)) { Console.Error.WriteLine("--token: required with --contact (or HAROMBE_CONSUMER_TOKEN, or --data-dir with consumer.token)"); return 2; }

var credentials = new SecretCredentials();
credentials.Changed += snapshot => Console.WriteLine($"in use v{snapshot.Version}; valid {string.Join(",", snapshot.Valid.Keys.Select(v => "v" + v))}");

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = args });
builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
builder.Services.AddAkka(system, akka =>
{
    akka.ConfigureLoggers(l => l.AddLoggerFactory())
        .AddHocon(HarombeHocon.Text, HoconAddMode.Prepend)
        .AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend);
    if (contact is not null)
    {
        akka.WithSecretGateway(new SecretGatewayOptions { Contacts = contact.Split(','), Token = token!, SystemName = system, Port = port });
    }
    else
    {
        akka.WithRemoting("127.0.0.1", port)
            .WithClustering(new ClusterOptions { Roles = [SecretRegion.ClientRole], SeedNodes = [$"akka.tcp://{system}@{seed}"] })
            .AddHocon($"akka.cluster.split-brain-resolver.stable-after = {(int)stableAfter.TotalMilliseconds}ms", HoconAddMode.Prepend)
            .WithSecretRegionProxy();
    }
    akka.WithSecretConsumer(new SecretConsumerOptions(path, id) { HeartbeatInterval = heartbeat, Role = role.Value }, credentials);
});
await builder.Build().RunAsync();
return 0;
