using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using HarombeActors.Actors.Consumers;
using HarombeActors.Actors.Targets;
using HarombeActors.Actors.Telemetry;
using HarombeActors.Actors.Verification;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.Security;
using HarombeActors.Domain.State;

namespace HarombeActors.Actors.Secrets;

/// <summary>
/// One secret, sharded by path, event-sourced. It is the only writer of its secret, so two rotations of one secret
/// cannot run at once anywhere in the cluster. Thin on purpose: every rule is in <see cref="SecretDecider"/>; this
/// class persists what the decider says, replies once persisted, and turns the state into side effects (verification
/// off the mailbox, timers, notices to consumers) in <see cref="Reconcile"/>, which also resumes in-flight rotations
/// after recovery.
/// </summary>
public sealed partial class SecretActor : ReceivePersistentActor, IWithTimers
{
    private const string DeadlineTimer = "migration-deadline";
    private const string RetryTimer = "verification-retry";

    private readonly ISecretCipher _cipher;
    private readonly VerificationRegistry _verification;
    private readonly CredentialBackends _backends;
    private readonly SecretActorSettings _settings;
    private readonly Func<DateTimeOffset> _clock;
    private readonly HarombeMetrics _metrics;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _consumers = new(StringComparer.Ordinal);
    // Immutable, so the metrics can read the set at scrape time from another thread.
    private ImmutableHashSet<string> _stale = ImmutableHashSet.Create<string>(StringComparer.Ordinal);
    private SecretState _state;
    private (RotationId Id, int Attempt)? _runningVerification;
    private CancellationTokenSource? _verificationCancellation;
    private TimeSpan _broadcastStaleAfter;
    private long _lastSnapshotSequenceNr;
    // The snapshot asked for last: a new one is not asked for while it is on its way, else two saves race and the
    // older-snapshot clean-up below can see them out of order.
    private long _snapshotRequestedAt;

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId { get; }

    public SecretActor(string entityId, ISecretCipher cipher, VerificationRegistry verification, SecretActorSettings settings, HarombeMetrics metrics, Func<DateTimeOffset> clock, CredentialBackends? backends = null)
    {
        var path = SecretPath.Parse(entityId);
        PersistenceId = PersistenceIdOf(path);
        _state = SecretState.Empty(path);
        _cipher = cipher;
        _verification = verification;
        _backends = backends ?? CredentialBackends.None;
        _settings = settings;
        _registrations = new RegistrationBudgets(settings.Registrations);
        _metrics = metrics;
        _clock = clock;
        _broadcastStaleAfter = _state.EffectivePolicy.StaleAfter;

        Recover<SnapshotOffer>(offer =>
        {
            _state = (SecretState)offer.Snapshot;
            _lastSnapshotSequenceNr = offer.Metadata.SequenceNr;
            _snapshotRequestedAt = offer.Metadata.SequenceNr;
        });
        Recover<ISecretEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<Heartbeat>(OnHeartbeat);
        Command<WatchConsumer>(OnWatchConsumer);
        Command<WatchRotation>(OnWatchRotation);
        Command<Terminated>(t => ForgetWatcher(t.ActorRef));
        Command<VersionReported>(r => Execute(new ObserveConsumer(r.ConsumerId, r.Version, r.Role, OwnerOf(r.ConsumerId)), null));
        Command<LivenessChanged>(OnLivenessChanged);
        Command<CheckLiveness>(_ => CheckConsumers());
        Command<RetentionExpired>(OnRetentionExpired);
        Command<RotateSecret>(c => Execute(c, Sender));
        Command<CreateManagedSecret>(OnCreateManaged);
        Command<PreparationFailed>(OnPreparationFailed);
        Command<RetirementDone>(OnRetirementDone);
        Command<RetryRetirement>(_ => ReconcileTarget());
        Command<GraceOver>(OnGraceOver);
        Command<ScheduleTick>(OnScheduleTick);
        Command<SessionsCounted>(OnSessionsCounted);
        Command<SessionWaitOver>(OnSessionWaitOver);
        Command<ISecretCommand>(c => Execute(c, Sender));
        // Internal commands (verification results, retries, deadlines) only ever come from this actor itself, wrapped with
        // this incarnation's key: one that arrives any other way (another node, a forged message) is ignored.
        Command<LocalCommand>(c =>
        {
            if (c.Key != _localKey)
            {
                _log.Warning("{0}: ignored a {1} that this secret did not send itself", _state.Path, c.Command.GetType().Name);
                return;
            }
            if (c.Command is CompleteTargetArming) _armInFlight = false;
            Execute(c.Command, CreationRequester(c.Command));
            // A result for a rotation that has moved on persists nothing, yet the arming it held back may start now.
            if (c.Command is CompleteTargetArming) ReconcileTarget();
        });
        // A run this actor cut short itself (the rotation moved on, or the actor stopped or restarted) is no result:
        // counting it would fail an attempt nobody completed. After a restart Reconcile has already run it again.
        Command<VerificationCancelled>(_ => { });
        Command<VerifySecret>(OnVerify);
        Command<ISecretQuery>(Answer);
        Command<SaveSnapshotSuccess>(OnSnapshotSaved);
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning("deleting old snapshots of {0} failed: {1}", PersistenceId, f.Cause.Message));
        Command<SaveSnapshotFailure>(f =>
        {
            _log.Warning("snapshot of {0} failed: {1}", PersistenceId, f.Cause.Message);
            _snapshotRequestedAt = _lastSnapshotSequenceNr;
        });
        Command<ReceiveTimeout>(_ => PassivateIfMissing());
    }

    public static string PersistenceIdOf(SecretPath path) => "secret-" + path.Value;

    public static Props Props(string entityId, ISecretCipher cipher, VerificationRegistry verification, SecretActorSettings settings, HarombeMetrics metrics, Func<DateTimeOffset> clock, CredentialBackends? backends = null) =>
        Akka.Actor.Props.Create(() => new SecretActor(entityId, cipher, verification, settings, metrics, clock, backends));

    protected override void PostStop()
    {
        _metrics.Forget(_state.Path);
        _verificationCancellation?.Cancel();
        _verificationCancellation?.Dispose();
        base.PostStop();
    }

    /// <summary>
    /// Keeps the latest two snapshots (one to fall back on if the newest cannot be read) and deletes older ones. Events
    /// are never deleted: the journal is the audit trail.
    /// </summary>
    private void OnSnapshotSaved(SaveSnapshotSuccess saved)
    {
        var previous = _lastSnapshotSequenceNr;
        _lastSnapshotSequenceNr = saved.Metadata.SequenceNr;
        if (previous > 0 && previous < saved.Metadata.SequenceNr) DeleteSnapshots(new SnapshotSelectionCriteria(previous - 1));
    }

    private DecisionContext DecisionContext => new(_cipher, _verification.Names, _stale, _clock) { Backends = _backends.Infos };

    private void OnRecovered()
    {
        foreach (var consumer in _state.Consumers.Values) EnsureConsumer(consumer.Id, consumer);
        if (_state.Rotation is { } r)
            _log.Info("{0}: resuming {1} rotation {2} in phase {3}", _state.Path, r.Strategy, r.Id, r.Phase);
        if (_state.Exists) _metrics.Track(_state, _stale);
        Reconcile();
        PassivateIfMissingLater();
    }

    /// <summary>Decide, persist, then reply and reconcile. A rejection is answered at once and writes nothing.</summary>
    private void Execute(object command, IActorRef? replyTo)
    {
        Decision decision;
        try
        {
            decision = SecretDecider.Decide(_state, command, DecisionContext);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A rule that throws is a bug, but no input may restart the secret (a restart forgets the guards on steps running
            // at a backend): the command is refused, nothing is written, and the error is logged by type only (messages
            // could quote input).
            _log.Error("{0}: deciding a {1} failed with {2}; refused, nothing written", _state.Path, command.GetType().Name, e.GetType().Name);
            decision = Decision.Reject(new Rejection(RejectionCode.InvalidState, $"{command.GetType().Name} could not be decided ({e.GetType().Name}); nothing was written"));
        }
        if (decision.Rejection is { } rejection)
        {
            replyTo?.Tell(new CommandRejected(_state.Path.Value, rejection));
            PassivateIfMissingLater();
            return;
        }
        if (decision.Events.Count == 0)
        {
            // A repeated rotate request writes nothing and is answered as its first delivery was.
            if (command is RotateSecret rotate && replyTo is not null) ReplyToRotate(rotate, decision, replyTo);
            else if (decision.Reply is not null) replyTo?.Tell(decision.Reply);
            return;
        }
        var remaining = decision.Events.Count;
        var before = _state;
        PersistAll(decision.Events, e =>
        {
            _state = _state.Apply(e);
            if (--remaining == 0) AfterPersist(command, decision, replyTo, before);
        });
    }

    private void AfterPersist(object command, Decision decision, IActorRef? replyTo, SecretState before)
    {
        SetReceiveTimeout(null);
        _metrics.Observe(command, decision.Events, before);
        _metrics.Track(_state, _stale);
        // Read from the events, not the reply: a command that is no rotation verb (a consumer removed) can end one too.
        switch (decision.Events.OfType<IRotationEvent>().LastOrDefault(e => e is RotationCompleted or RotationFailed))
        {
            case RotationCompleted done: RotationEnded(done.RotationId, new RotationOutcome(done.Result)); break;
            case RotationFailed failed: RotationEnded(failed.RotationId, new RotationOutcome(failed.Result)); break;
        }
        if (command is RotateSecret rotate && replyTo is not null)
            ReplyToRotate(rotate, decision, replyTo);
        else if (decision.Reply is not null)
            replyTo?.Tell(decision.Reply);

        foreach (var e in decision.Events)
            if (Notices.SecretNotices.From(e) is { } notice) Notices.SecretNotices.Publish(Context.System, notice);
        RegistrationsPersisted(decision.Events);
        ConsumersForgotten(decision.Events);
        PushNotices(decision.Events, before);
        PushProgress();
        Reconcile();
        if (_snapshotRequestedAt == _lastSnapshotSequenceNr && LastSequenceNr - _lastSnapshotSequenceNr >= _settings.SnapshotEvery)
        {
            _snapshotRequestedAt = LastSequenceNr;
            SaveSnapshot(_state);
        }
    }

    private void ReplyToRotate(RotateSecret rotate, Decision decision, IActorRef replyTo)
    {
        if (decision.Reply is RotationOutcome finished)
        {
            replyTo.Tell(finished);
            return;
        }
        var r = _state.Rotation!;
        if (rotate.WaitForCompletion)
            AwaitResult(r.Id, replyTo);
        else
        {
            replyTo.Tell(new RotationAccepted(_state.Path, r.Id.Value, r.Strategy, r.Phase.Status(), r.Phase.Name()));
        }
    }

    /// <summary>
    /// Makes the side effects match the state: verification running when a rotation is verifying, a retry timer
    /// after a failed attempt, the migration deadline while waiting for consumers, nothing when idle. Called after
    /// every persisted batch and after recovery, which is how an in-flight rotation resumes after a crash.
    /// </summary>
    private void Reconcile()
    {
        var r = _state.Rotation;
        if (r is not { Phase: RotationPhase.Verifying, VerificationPassed: null }) StopVerification();
        if (r is not { Phase: RotationPhase.Verifying, VerificationPassed: false }) Timers.Cancel(RetryTimer);
        if (r is not { Phase: RotationPhase.WaitingForConsumers or RotationPhase.ArmingResources }) Timers.Cancel(DeadlineTimer);

        switch (r)
        {
            case { Phase: RotationPhase.Verifying, VerificationPassed: null }:
                StartVerification(r);
                break;
            case { Phase: RotationPhase.Verifying, VerificationPassed: false }:
                if (!Timers.IsTimerActive(RetryTimer)) Timers.StartSingleTimer(RetryTimer, Local(new RetryVerification(r.Id)), r.Policy.CheckInterval);
                break;
            case { Phase: RotationPhase.WaitingForConsumers or RotationPhase.ArmingResources, WaitingSince: { } since }:
                if (!Timers.IsTimerActive(DeadlineTimer))
                {
                    var remaining = since + r.Policy.MigrationTimeout - _clock();
                    Timers.StartSingleTimer(DeadlineTimer, Local(new MigrationDeadlineReached(r.Id)), remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
                }
                break;
        }

        ReconcileTarget();
        ReconcileSchedule();

        var staleAfter = r?.Policy.StaleAfter ?? _state.EffectivePolicy.StaleAfter;
        if (staleAfter != _broadcastStaleAfter)
        {
            _broadcastStaleAfter = staleAfter;
            foreach (var child in _consumers.Values) child.Tell(new SetStaleAfter(staleAfter));
            KeepCheckingConsumers();
        }
    }

    private void StartVerification(InFlightRotation r)
    {
        if (_runningVerification == (r.Id, r.VerificationAttempts)) return;
        StopVerification();
        _runningVerification = (r.Id, r.VerificationAttempts);
        _verificationCancellation = new CancellationTokenSource();
        var version = r.NewVersion!.Value;
        var (id, attempt) = (r.Id, r.VerificationAttempts);
        if (!TryOpen(version, out var candidate, out var undecryptable))
        {
            Self.Tell(CouldNotRun(id, attempt, undecryptable.Rejection.Message));
            return;
        }
        var context = new VerificationContext(_state.Path, version, candidate);
        var names = SecretDecider.VerificationTestsOf(_state);
        if (names.FirstOrDefault(n => !_verification.Has(n)) is { } missing)
        {
            Self.Tell(CouldNotRun(id, attempt, $"test '{missing}' is not registered on this host"));
            return;
        }
        var tests = names.Select(_verification.Get).ToList();
        var cancellation = _verificationCancellation.Token;
        VerificationRunner.RunAsync(tests, context, _settings.VerificationTimeout, cancellation)
            .PipeTo(Self,
                success: results => Local(new CompleteVerification(id, attempt, results)),
                // PostStop cancels too, and on a restart in place this message reaches the new incarnation.
                failure: ex => cancellation.IsCancellationRequested
                    ? new VerificationCancelled(id, attempt)
                    : CouldNotRun(id, attempt, ex.GetType().Name));
    }

    private void StopVerification()
    {
        if (_runningVerification is null) return;
        _runningVerification = null;
        _verificationCancellation?.Cancel();
        _verificationCancellation?.Dispose();
        _verificationCancellation = null;
    }

    // An entity created for a path that does not exist (a probe, a typo) passivates after a while, so it is not
    // remembered and restarted forever.
    private void PassivateIfMissingLater()
    {
        if (!_state.Exists) SetReceiveTimeout(_settings.PassivateMissingAfter);
    }

    private void PassivateIfMissing()
    {
        if (_state.Exists) return;
        SetReceiveTimeout(null);
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }

    /// <summary>A key only this incarnation knows: what carries it was sent by this actor to itself.</summary>
    private readonly Guid _localKey = Guid.NewGuid();

    private LocalCommand Local(IInternalCommand command) => new(command, _localKey);

    /// <summary>An internal command on its way from this actor to itself: never serialized, never accepted from elsewhere.</summary>
    private sealed record LocalCommand(IInternalCommand Command, Guid Key) : Contracts.Serialization.ILocalOnlyMessage;

    /// <summary>A verification that could not run at all is a failed attempt, like a failed test.</summary>
    private LocalCommand CouldNotRun(RotationId id, int attempt, string reason) =>
        Local(new CompleteVerification(id, attempt, [new CheckOutcome("runner", false, "verification could not run: " + reason, 0)]));

    private sealed record VerificationCancelled(RotationId RotationId, int Attempt) : Contracts.Serialization.ILocalOnlyMessage;
}
