using Akka.Actor;
using Akka.Event;
using HarombeActors.Actors.Targets;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.Targets;

namespace HarombeActors.Actors.Secrets;

// A managed secret's steps at its target, run off the mailbox like verification. What to run is read from the state
// alone (Reconcile), so a step cut short by a crash runs again after recovery: arming first checks whether the target
// accepts the candidate already, and retiring twice is harmless.
public sealed partial class SecretActor
{
    private const string RetireTimer = "target-retire";
    private static readonly TimeSpan RetireRetryInterval = TimeSpan.FromSeconds(5);

    private (CreateManagedSecret Request, IActorRef ReplyTo)? _preparing;
    private (RotationId Id, int Version)? _runningArm;
    // An arming task still running at the target, whatever rotation it was for: an emergency that pre-empts a rotation
    // while it sets its password must not set another on the same login at the same time (the older could land last).
    private bool _armInFlight;
    private readonly HashSet<int> _runningRetirements = [];
    // Versions waiting out the retirement grace, and those whose grace is over. Kept in memory only: after a restart a
    // grace starts again, which only retires later.
    private readonly HashSet<int> _inGrace = [];
    private readonly HashSet<int> _graceOver = [];
    // Retired at the target, its TargetRetired on its way to the journal: not retired a second time meanwhile.
    private readonly HashSet<int> _retiredUnrecorded = [];
    // PostgreSQL: a login with open sessions is not retired until they end or the migration timeout passes.
    private readonly Dictionary<int, int> _openSessions = [];
    private readonly HashSet<int> _checkingSessions = [];
    private readonly HashSet<int> _sessionsClear = [];

    private void OnCreateManaged(CreateManagedSecret c)
    {
        var decision = SecretDecider.Decide(_state, c, DecisionContext);
        if (decision.Rejection is { } rejection || decision.Reply is not null)
        {
            Sender.Tell(decision.Rejection is { } r ? new CommandRejected(_state.Path.Value, r) : decision.Reply!);
            PassivateIfMissingLater();
            return;
        }
        if (_preparing is not null)
        {
            Sender.Tell(new CommandRejected(_state.Path.Value, new Rejection(RejectionCode.Conflict, $"{_state.Path} is being created at its backend; try again when that ends")));
            return;
        }
        var backend = _backends.Find(c.Backend)!;
        var first = ManagedCredential.Generate(new TargetBinding(c.Backend, backend.Info.Kind, c.Username).LoginFor(null), backend.Info);
        _preparing = (c, Sender);
        SetReceiveTimeout(null);
        TargetSteps.PrepareAsync(backend, c.Username, first, _settings.VerificationTimeout, CancellationToken.None).PipeTo(Self,
            success: outcome => outcome.Success
                ? Local(new CompleteManagedCreation(c, first.ToValue(), first.Username, outcome.DurationMs))
                : new PreparationFailed(c, outcome.Message));
    }

    private void OnPreparationFailed(PreparationFailed failed)
    {
        if (_preparing is not { } preparing || preparing.Request != failed.Request) return;
        _preparing = null;
        preparing.ReplyTo.Tell(new CommandRejected(_state.Path.Value, new Rejection(RejectionCode.InvalidState,
            $"preparing backend '{failed.Request.Backend}' for {_state.Path} failed: {failed.Reason}; nothing was stored")));
        PassivateIfMissingLater();
    }

    /// <summary>Whoever asked for the creation a finished preparation belongs to (then it is no longer being prepared).</summary>
    private IActorRef? CreationRequester(IInternalCommand command)
    {
        if (command is not CompleteManagedCreation done || _preparing is not { } preparing || preparing.Request != done.Request) return null;
        _preparing = null;
        return preparing.ReplyTo;
    }

    /// <summary>The target steps the state asks for: arming the in-flight candidate, retiring what nothing may use.</summary>
    private void ReconcileTarget()
    {
        if (_state.Target is not { } target) return;
        // Arming waits for retirements under way: with PostgreSQL a retirement of the login about to be armed again would
        // otherwise race the new password and could disable it.
        if (_state.Rotation is { Phase: RotationPhase.ArmingTarget, NewVersion: { } version } r)
        {
            if (_runningRetirements.Count == 0 && !_armInFlight) StartArming(target, r.Id, version);
        }
        else _runningArm = null;
        var retirable = _state.RetirableAtTarget();
        _inGrace.IntersectWith(retirable.Select(a => a.Key));
        _graceOver.IntersectWith(retirable.Select(a => a.Key));
        _retiredUnrecorded.IntersectWith(retirable.Select(a => a.Key));
        _checkingSessions.IntersectWith(retirable.Select(a => a.Key));
        _sessionsClear.IntersectWith(retirable.Select(a => a.Key));
        foreach (var gone in _openSessions.Keys.Except(retirable.Select(a => a.Key)).ToList()) _openSessions.Remove(gone);
        foreach (var (retired, login) in retirable)
        {
            if (_runningArm is not null || _armInFlight) break;
            // A compromised credential goes at once: no grace, no waiting for its sessions (they are ended with it).
            var compromised = _state.IsCompromised(retired);
            // A client that had just read the old credential when it moved may still be opening a connection with it:
            // the target keeps accepting it for a short grace after nothing may use it any more.
            if (!compromised && !_graceOver.Contains(retired))
            {
                if (_inGrace.Add(retired)) Timers.StartSingleTimer(RetireTimer + retired, new GraceOver(retired), _settings.TargetRetireGrace);
                continue;
            }
            if (_runningRetirements.Contains(retired) || _retiredUnrecorded.Contains(retired) || _checkingSessions.Contains(retired)) continue;
            if (_backends.Find(target.Backend) is not { } backend || !TryCredential(retired, out var credential))
            {
                // The old credential stays valid at the server until this is fixed: say so loudly, on every pass.
                _log.Error("{0}: v{1} ({2}) cannot be retired: backend '{3}' is {4}", _state.Path, retired, login, target.Backend,
                    _backends.Find(target.Backend) is null ? "not configured on this host" : "configured, but the stored value could not be opened");
                continue;
            }
            // One login per version: its open sessions are consumers the server still sees (the client library or not),
            // so the login is not retired under them until they end or the bound passes.
            if (!compromised && target.Kind.OnePasswordPerLogin() && !_sessionsClear.Contains(retired))
            {
                // Counted again only when the recheck is due, however many other events reconcile meanwhile.
                if (Timers.IsTimerActive(RetireTimer + "sessions" + retired)) continue;
                _checkingSessions.Add(retired);
                // A count that fails is taken as none: the server cannot say who still uses the login, and retiring it is
                // the secure default (NOLOGIN leaves open sessions alone unless TerminateSessions is on).
                backend.SessionsAsync(target.Username, CancellationToken.None).WaitAsync(_settings.VerificationTimeout)
                    .PipeTo(Self, success: sessions => new SessionsCounted(retired, sessions.GetValueOrDefault(login)), failure: _ => new SessionsCounted(retired, 0));
                continue;
            }
            _runningRetirements.Add(retired);
            TargetSteps.RetireAsync(backend, target.Username, credential, _settings.VerificationTimeout, CancellationToken.None, endSessions: compromised).PipeTo(Self,
                success: outcome => new RetirementDone(retired, login, outcome.Success ? null : outcome.Message, RetireReason(retired)));
        }
    }

    private void StartArming(TargetBinding target, RotationId id, int version)
    {
        if (_runningArm == (id, version)) return;
        _runningArm = (id, version);
        _armInFlight = true;
        if (_backends.Find(target.Backend) is not { } backend)
        {
            Self.Tell(Local(new CompleteTargetArming(id, version, false, false, $"backend '{target.Backend}' is not configured on this host", 0)));
            return;
        }
        if (!TryCredential(version, out var candidate))
        {
            Self.Tell(Local(new CompleteTargetArming(id, version, false, false, "the candidate could not be opened", 0)));
            return;
        }
        TargetSteps.ArmAsync(backend, target.Username, candidate, _settings.VerificationTimeout, CancellationToken.None).PipeTo(Self,
            success: outcome => Local(new CompleteTargetArming(id, version, outcome.Success, outcome.AlreadyAccepted, outcome.Message, outcome.DurationMs)));
    }

    private void OnRetirementDone(RetirementDone done)
    {
        _runningRetirements.Remove(done.Version);
        if (done.Failure is { } failure)
        {
            _log.Warning("{0}: retiring v{1} at its backend failed ({2}); retrying in {3} s", _state.Path, done.Version, failure, RetireRetryInterval.TotalSeconds);
            if (!Timers.IsTimerActive(RetireTimer)) Timers.StartSingleTimer(RetireTimer, RetryRetirement.Instance, RetireRetryInterval);
        }
        else
        {
            _retiredUnrecorded.Add(done.Version);
            Execute(new CompleteTargetRetirement(done.Version, done.Login, done.Reason), null);
        }
        // An arming that waited for this retirement may start now (Execute reconciles only when it persisted something).
        ReconcileTarget();
    }

    private string RetireReason(int version) =>
        _state.IsCompromised(version) ? $"v{version} was declared compromised by an emergency rotation"
        : _state.Current is { } current && version > current ? $"v{version} never became current" : $"nothing may use v{version} any more";

    private bool TryCredential(int version, out ManagedCredential credential)
    {
        credential = null!;
        if (!TryOpen(version, out var value, out _) || ManagedCredential.Parse(value) is not { } parsed) return false;
        credential = parsed;
        return true;
    }

    private sealed record PreparationFailed(CreateManagedSecret Request, string Reason) : Contracts.Serialization.ILocalOnlyMessage;

    /// <summary>A retirement at the target ended (<see cref="Failure"/> null: it worked). Local only, so nothing from outside can claim one.</summary>
    private sealed record RetirementDone(int Version, string Login, string? Failure, string Reason) : Contracts.Serialization.ILocalOnlyMessage;

    private void OnGraceOver(GraceOver over)
    {
        if (_inGrace.Remove(over.Version))
        {
            _graceOver.Add(over.Version);
            Timers.StartSingleTimer(RetireTimer + "bound" + over.Version, new SessionWaitOver(over.Version), _state.EffectivePolicy.MigrationTimeout);
        }
        ReconcileTarget();
    }

    private void OnSessionsCounted(SessionsCounted counted)
    {
        _checkingSessions.Remove(counted.Version);
        if (counted.Sessions == 0)
        {
            _openSessions.Remove(counted.Version);
            _sessionsClear.Add(counted.Version);
            ReconcileTarget();
            return;
        }
        _openSessions[counted.Version] = counted.Sessions;
        Timers.StartSingleTimer(RetireTimer + "sessions" + counted.Version, RetryRetirement.Instance, SessionRecheckInterval);
    }

    /// <summary>The wait for open sessions is bounded by the migration timeout: then the login is retired under them.</summary>
    private void OnSessionWaitOver(SessionWaitOver over)
    {
        if (_openSessions.TryGetValue(over.Version, out var open))
            _log.Warning("{0}: retiring v{1} with {2} session(s) still open after the migration timeout", _state.Path, over.Version, open);
        _sessionsClear.Add(over.Version);
        ReconcileTarget();
    }

    /// <summary>Versions no longer valid whose login still has open sessions at the server, as last counted.</summary>
    private IReadOnlyList<RetirementWait> WaitingOnSessions() =>
        [.. _openSessions.Where(o => _state.Armed.ContainsKey(o.Key)).Select(o => new RetirementWait(o.Key, _state.Armed[o.Key], o.Value))];

    private static readonly TimeSpan SessionRecheckInterval = TimeSpan.FromSeconds(2);

    private sealed record SessionsCounted(int Version, int Sessions) : Contracts.Serialization.ILocalOnlyMessage;

    private sealed record SessionWaitOver(int Version) : Contracts.Serialization.ILocalOnlyMessage;

    private sealed record GraceOver(int Version) : Contracts.Serialization.ILocalOnlyMessage;

    private sealed record RetryRetirement : Contracts.Serialization.ILocalOnlyMessage
    {
        public static readonly RetryRetirement Instance = new();
    }
}
