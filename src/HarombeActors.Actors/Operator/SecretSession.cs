using Akka.Actor;
using HarombeActors.Contracts.Operator;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;

namespace HarombeActors.Actors.Operator;

/// <summary>
/// One operator request to one secret. Sends it to the shard region and relays exactly one final result to the
/// client; while a rotation is awaited it streams progress (phase, consumers migrated/total) every 250 ms.
/// </summary>
public sealed class SecretSession : ReceiveActor, IWithTimers
{
    private const string ProgressTimer = "progress";
    private const string DeadlineTimer = "deadline";
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(250);

    private readonly IActorRef _region;
    private readonly ISecretMessage _message;
    private readonly IActorRef _client;

    public ITimerScheduler Timers { get; set; } = null!;

    public SecretSession(IActorRef region, ISecretMessage message, IActorRef client)
    {
        _region = region;
        _message = message;
        _client = client;
        var awaitingRotation = message is RotateSecret { WaitForCompletion: true };

        Receive<SecretStatus>(status => awaitingRotation, status =>
        {
            if (status.Rotation is { } r)
                _client.Tell(new OperatorProgress(r.RotationId, r.Phase, status.Consumers.Migrated, status.Consumers.Total, status.Consumers.Stale));
        });
        Receive<ISecretReply>(reply => Finish(reply));
        Receive<PollProgress>(_ => _region.Tell(new GetStatus(_message.Path)));
        Receive<Deadline>(_ => Finish(new CommandRejected(_message.Path.Value,
            new Rejection(RejectionCode.InvalidState, "no answer from the secret in time; the operation may still complete (check status)"))));
    }

    public static Props Props(IActorRef region, ISecretMessage message, IActorRef client) =>
        Akka.Actor.Props.Create(() => new SecretSession(region, message, client));

    protected override void PreStart()
    {
        _region.Tell(_message);
        var deadline = TimeSpan.FromSeconds(30);
        if (_message is RotateSecret { WaitForCompletion: true } rotate)
        {
            Timers.StartPeriodicTimer(ProgressTimer, PollProgress.Instance, ProgressEvery);
            // Long enough for the slowest legitimate wait: the migration timeout plus verification with retries.
            deadline = (rotate.Policy?.MigrationTimeout ?? TimeSpan.FromMinutes(5)) + TimeSpan.FromMinutes(5);
        }
        Timers.StartSingleTimer(DeadlineTimer, Deadline.Instance, deadline);
    }

    private void Finish(ISecretReply reply)
    {
        _client.Tell(new OperatorResult(reply));
        Context.Stop(Self);
    }

    private sealed class PollProgress : INoSerializationVerificationNeeded
    {
        public static readonly PollProgress Instance = new();
    }

    private sealed class Deadline : INoSerializationVerificationNeeded
    {
        public static readonly Deadline Instance = new();
    }
}
