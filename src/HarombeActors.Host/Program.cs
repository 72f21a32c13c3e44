using HarombeActors.Actors.Hosting;
using HarombeActors.Actors.Configuration;
using Microsoft.Extensions.Hosting;

// The cluster host: one node with the "host" role. Defaults: 127.0.0.1:4053, SQLite files in ./data.
// Ctrl+C (SIGINT) or SIGTERM leaves the cluster and shuts down cleanly through Akka's coordinated shutdown.
var builder = Host.CreateApplicationBuilder(HostArguments.Normalize(args));
var options = HarombeNode.BindOptions(builder.Configuration);
builder.Services.AddHarombeHostNode(options);
await builder.Build().RunAsync();
