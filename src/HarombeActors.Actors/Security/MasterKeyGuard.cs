using Akka.Actor;
using Akka.Persistence;
using HarombeActors.Actors.Configuration;
using HarombeActors.Contracts.Messages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Actors.Security;

/// <summary>
/// Refuses to start a host whose master key is not the one its data was written with. On a host restarted with another
/// key, a revealed read used to crash the secret's actor, and a write was accepted under the new key, leaving one secret
/// with versions under two keys. Runs after the actor system starts and before the front door opens.
/// </summary>
public sealed class MasterKeyGuard(ActorSystem system, MasterKey key, ILogger<MasterKeyGuard> logger) : IHostedService
{
    public const string PersistenceId = "harombe-key-check";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Two hosts starting on one fresh database may both try to write the first check value: the loser's write fails
        // and a second look finds the winner's value.
        for (var attempt = 1; ; attempt++)
        {
            var checker = system.ActorOf(Props.Create(() => new Checker(key.CheckValue)));
            try
            {
                var stored = await checker.Ask<Checker.Result>(Checker.Check.Instance, Timeout, cancellationToken);
                if (stored.Matches)
                {
                    if (stored.Created) logger.LogInformation("Stored the master key's check value beside the data");
                    return;
                }
                throw new HarombeConfigurationException(
                    $"the {key} does not match the key this data was written with (its check value was stored {stored.At:u}). Start with the original key " +
                    $"({MasterKeyLoader.EnvironmentVariable}, Harombe:MasterKey or the key file), or point Harombe:DataDir / the database at the data of this key.");
            }
            catch (AskTimeoutException) when (attempt < 3)
            {
                logger.LogWarning("The master key check got no answer from the journal (attempt {Attempt}); trying again", attempt);
            }
            finally
            {
                system.Stop(checker);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private sealed class Checker : ReceivePersistentActor
    {
        private readonly string _check;
        private MasterKeyChecked? _stored;

        public override string PersistenceId => MasterKeyGuard.PersistenceId;

        public Checker(string check)
        {
            _check = check;
            Recover<MasterKeyChecked>(stored => _stored ??= stored);
            Command<Check>(_ =>
            {
                if (_stored is { } stored)
                {
                    Sender.Tell(new Result(stored.CheckValue == _check, false, stored.At));
                    return;
                }
                var replyTo = Sender;
                Persist(new MasterKeyChecked(_check, DateTimeOffset.UtcNow), written => replyTo.Tell(new Result(true, true, written.At)));
            });
        }

        public sealed class Check : Contracts.Serialization.ILocalOnlyMessage
        {
            public static readonly Check Instance = new();
        }

        public sealed record Result(bool Matches, bool Created, DateTimeOffset At) : Contracts.Serialization.ILocalOnlyMessage;
    }
}
