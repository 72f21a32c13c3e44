using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using HarombeActors.Client;
using HarombeActors.Contracts.Serialization;
using HarombeActors.Domain.Ids;
using HarombeActors.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A client node consuming one secret: joins the cluster with the "client" role and a region proxy (hosts no
// secrets), follows rotations, and prints one line per change ("in use v2; valid v1,v2"). Never the value.
//   dotnet run --project src/HarombeActors.SampleConsumer -- --path /secrets/db --consumer-id api-1 --seed 127.0.0.1:4053
string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var rawPath = Arg("--path") ?? "/secrets/db/password";
var rawId = Arg("--consumer-id") ?? $"sample-{Environment.ProcessId}";
var seed = Arg("--seed") ?? "127.0.0.1:4053";
var port = int.TryParse(Arg("--port"), out var p) ? p : 0;
var system = Arg("--system") ?? "harombe";
var heartbeat = TimeSpan.FromSeconds(double.TryParse(Arg("--heartbeat-seconds"), out var h) ? h : 5);
if (!SecretPath.TryParse(rawPath, out var path, out var badPath)) { Console.Error.WriteLine($"--{badPath.Message}"); return 2; }
if (!ConsumerId.TryParse(rawId, out var id, out var badId)) { Console.Error.WriteLine($"--consumer-id: {badId.Message}"); return 2; }

var credentials = new SecretCredentials();
credentials.Changed += s => Console.WriteLine($"in use v{s.Version}; valid {string.Join(",", s.Valid.Keys.Select(v => "v" + v))}");

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = args });
builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
builder.Services.AddAkka(system, akka => akka
    .ConfigureLoggers(l => l.AddLoggerFactory())
    .AddHocon(HarombeHocon.Text, HoconAddMode.Prepend)
    .AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend)
    .WithRemoting("127.0.0.1", port)
    .WithClustering(new ClusterOptions { Roles = [SecretRegion.ClientRole], SeedNodes = [$"akka.tcp://{system}@{seed}"] })
    .WithSecretRegionProxy()
    .WithSecretConsumer(new SecretConsumerOptions(path, id) { HeartbeatInterval = heartbeat }, credentials));
await builder.Build().RunAsync();
return 0;
