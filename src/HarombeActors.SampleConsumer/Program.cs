using HarombeActors.Client;
using HarombeActors.Domain.State;
using HarombeActors.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A consumer of one secret that follows rotations and prints one line per change ("in use v2; valid v1,v2"), never
// the value. Two ways in:
//   as a client node (a cluster member with the "client" role and a region proxy; hosts no secrets), with a certificate
//   from the cluster CA (harombe-host certs issue --out DIR writes node.pem, node.key and cluster-ca.pem):
//     dotnet run --project src/HarombeActors.SampleConsumer -- --path /secrets/db --consumer-id api-1 --seed 127.0.0.1:4053 --cert-dir DIR
//   through a host's front door (not a member), with a consumer token (--token, HAROMBE_CONSUMER_TOKEN, or --data-dir):
//     dotnet run --project src/HarombeActors.SampleConsumer -- --path /secrets/db --consumer-id api-1 --contact 127.0.0.1:4054 --data-dir data
//   (--contact may list several front doors, comma-separated; --ca-cert FILE trusts a private CA for https ones)
// --role resource makes it a protected resource (accepts every valid version, is told of a new one first).
string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var contact = Arg("--contact");
var role = Arg("--role") switch
{
    null or "client" => ConsumerRole.Client,
    "resource" => ConsumerRole.Resource,
    _ => (ConsumerRole?)null,
};
if (role is null) { Console.Error.WriteLine("--role: must be client or resource"); return 2; }
var options = new HarombeConsumerOptions
{
    SystemName = Arg("--system") ?? "harombe",
    Port = int.TryParse(Arg("--port"), out var port) ? port : 0,
    Seeds = contact is null ? [Arg("--seed") ?? "127.0.0.1:4053"] : [],
    Contacts = contact is null ? [] : [.. contact.Split(',')],
    Token = Arg("--token")
        ?? (Arg("--data-dir") is { } dataDir && File.Exists(Path.Combine(dataDir, FrontDoor.ConsumerTokenFile))
            ? File.ReadAllText(Path.Combine(dataDir, FrontDoor.ConsumerTokenFile)).Trim() : null),
    CaCertificate = Arg("--ca-cert"),
    Cluster = Arg("--cert-dir") is { } certs
        ? new ClusterMembershipOptions
        {
            Certificate = Path.Combine(certs, "node.pem"), CertificateKey = Path.Combine(certs, "node.key"), CaCertificate = Path.Combine(certs, "cluster-ca.pem"),
        }
        : new ClusterMembershipOptions(),
    // Members must agree on the split-brain resolver's patience, so this takes the hosts' setting (20 s by default).
    SplitBrainStableAfter = TimeSpan.FromSeconds(double.TryParse(Arg("--sbr-stable-after-seconds"), out var stable) ? stable : 20),
    Secrets =
    [
        new ConsumedSecret
        {
            Path = Arg("--path") ?? "/secrets/db/password",
            ConsumerId = Arg("--consumer-id") ?? $"sample-{Environment.ProcessId}",
            Role = role.Value,
            HeartbeatInterval = TimeSpan.FromSeconds(double.TryParse(Arg("--heartbeat-seconds"), out var h) ? h : 5),
        },
    ],
};

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = args });
builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
try
{
    builder.Services.AddHarombeConsumers(options);
}
catch (ArgumentException bad)
{
    Console.Error.WriteLine(bad.Message);
    return 2;
}
var app = builder.Build();
var credentials = app.Services.GetRequiredService<SecretCredentialsRegistry>()[options.Secrets[0].Path];
credentials.Changed += snapshot => Console.WriteLine($"in use v{snapshot.Version}; valid {string.Join(",", snapshot.Valid.Keys.Select(v => "v" + v))}");
await app.RunAsync();
return 0;
