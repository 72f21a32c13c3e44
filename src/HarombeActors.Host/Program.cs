using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Api.Hosting;
using HarombeActors.Host;
using Microsoft.AspNetCore.Builder;

// The cluster host: one node with the "host" role and the front door (gRPC + HTTP/JSON, health, metrics).
// Defaults: remoting on 127.0.0.1:4053, the API on http://127.0.0.1:4054, SQLite files in ./data.
// Ctrl+C (SIGINT) or SIGTERM leaves the cluster and shuts down cleanly through Akka's coordinated shutdown.
// `harombe-host certs issue --out DIR` issues a member certificate from this host's cluster CA (see CertsCommand).
// `harombe-host health` asks a host whether it is ready (container health checks; see HealthCommand).
if (CertsCommand.Matches(args)) return CertsCommand.Run(args);
if (HealthCommand.Matches(args)) return await HealthCommand.RunAsync(args);
try
{
    var builder = WebApplication.CreateBuilder(HostArguments.Normalize(args));
    var options = HarombeNode.BindOptions(builder.Configuration);
    builder.AddHarombeHost(options);
    var app = builder.Build();
    app.MapHarombeApi();
    await app.RunAsync();
    return 0;
}
catch (HarombeConfigurationException e)
{
    // A setting that cannot work: say which and what to do, no stack trace.
    Console.Error.WriteLine($"harombe-host: {e.Message}");
    return 2;
}
