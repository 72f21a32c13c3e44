using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Client;

/// <summary>Runs the configured front-door consumers for the life of the host (no actor system: plain gRPC calls).</summary>
public sealed class FrontDoorConsumers(FrontDoorConnection connection, IReadOnlyList<(SecretConsumerOptions Options, SecretCredentials Credentials)> consumers, ILoggerFactory loggers)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(consumers.Select(c => new FrontDoorConsumer(connection, c.Options, c.Credentials, loggers.CreateLogger<FrontDoorConsumer>()).RunAsync(stoppingToken)));

    public override void Dispose()
    {
        connection.Dispose();
        base.Dispose();
    }
}
