using System.Collections.Immutable;
using System.Text.Json.Serialization;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.Targets;

namespace HarombeActors.Domain.State;

/// <summary>
/// Everything one secret is, rebuilt from its events by <see cref="Apply"/>. Immutable: every event yields a new
/// state. Labels point at version numbers; values live only sealed inside <see cref="Versions"/>.
/// Invariant: while a blue-green slot is active, that slot holds the current version.
/// </summary>
public sealed record SecretState
{
    public required SecretPath Path { get; init; }
    public ImmutableSortedDictionary<int, SecretVersion> Versions { get; init; } = ImmutableSortedDictionary<int, SecretVersion>.Empty;
    public int? Current { get; init; }
    public int? Pending { get; init; }
    public int? Previous { get; init; }
    public int? Blue { get; init; }
    public int? Green { get; init; }
    public DeploymentSlot? Active { get; init; }
    /// <summary>Dual-write: both <see cref="Current"/> and <see cref="Pending"/> are valid credentials.</summary>
    public bool DualMode { get; init; }
    /// <summary>The version a rollback moved away from: still valid until no live client reports it (see <see cref="VersionRetired"/>).</summary>
    public int? Retiring { get; init; }
    public RotationPolicy? Policy { get; init; }
    public InFlightRotation? Rotation { get; init; }
    public ImmutableSortedDictionary<string, ConsumerRecord> Consumers { get; init; } = ImmutableSortedDictionary<string, ConsumerRecord>.Empty;
    public RotationResult? LastResult { get; init; }
    /// <summary>The latest write or rotation made with a request id (null once one is made without): what a repeat is matched against.</summary>
    public RequestedChange? LastRequest { get; init; }
    /// <summary>
    /// The latest rollback, cancel or promote made with a request id and its answer (added later). A slot of its own, so
    /// promoting or cancelling a rotation does not make a repeat of the rotate request start a new one.
    /// </summary>
    public RequestedChange? LastVerbRequest { get; init; }
    /// <summary>A managed secret's backend and what its target accepts (null for a secret whose values are given by hand).</summary>
    public ManagedTarget? Managed { get; init; }
    /// <summary>The next rotation the schedule asks for (null: none scheduled).</summary>
    public DueRotation? Due { get; init; }
    /// <summary>Set when scheduled rotation gave up; cleared by a successful rotation or a resume.</summary>
    public NeedsAttention? Attention { get; init; }
    /// <summary>
    /// Versions an emergency declared compromised (every version valid when it was declared; null: none ever was). Once a
    /// newer value is current they are valid nowhere: not as blue-green's idle slot, not after a rollback, and a managed
    /// secret retires them at the target at once (no grace, no waiting for sessions, which are ended).
    /// </summary>
    public ImmutableSortedSet<int>? Compromised { get; init; }

    public bool IsCompromised(int version) => Compromised?.Contains(version) == true;

    /// <summary>When a security event last rotated the secret: the cool-down counts from here.</summary>
    public DateTimeOffset? LastSecurityRotationAt { get; init; }

    [JsonIgnore]
    public TargetBinding? Target => Managed?.Binding;

    /// <summary>Managed secrets: the versions the target may accept right now, with the login each uses there.</summary>
    [JsonIgnore]
    public ImmutableSortedDictionary<int, string> Armed => Managed?.Armed ?? ImmutableSortedDictionary<int, string>.Empty;

    public static SecretState Empty(SecretPath path) => new() { Path = path };

    public bool Exists => Current is not null;
    public int NextVersionNumber => Versions.IsEmpty ? 1 : Versions.Keys.Last() + 1;
    public RotationPolicy EffectivePolicy => Policy ?? RotationPolicy.Default;

    public int? Slot(DeploymentSlot slot) => slot == DeploymentSlot.Blue ? Blue : Green;

    /// <summary>
    /// The versions a resource accepts right now: current; the pending candidate once it is verified and being armed
    /// or in dual mode; and with blue-green the idle slot, which stays valid until the next rotation overwrites it, so
    /// a client still on the old slot after a switch is not refused. That last part is a deliberate trade-off: the
    /// previous blue-green credential lives one rotation longer (use an immediate rotation to revoke a leaked value).
    /// An unverified candidate is never valid.
    /// </summary>
    public IReadOnlyList<int> ValidVersions
    {
        get
        {
            if (Current is not { } current) return [];
            var valid = new SortedSet<int> { current };
            if (Pending is { } pending && (DualMode || Rotation?.Phase == RotationPhase.ArmingResources)) valid.Add(pending);
            if (Active is { } active && Slot(active.Other()) is { } idle && idle != Rotation?.NewVersion && !IsCompromised(idle)) valid.Add(idle);
            if (Retiring is { } retiring && !IsCompromised(retiring)) valid.Add(retiring);
            // A managed secret's version is valid only while its target accepts it.
            if (Target is not null) valid.RemoveWhere(v => v != current && !Armed.ContainsKey(v));
            return [.. valid];
        }
    }

    /// <summary>
    /// Managed secrets: versions still accepted at the target that nothing may use any more, so they are to be retired
    /// there. A rotation in flight keeps its old version (it may roll back to it) and its candidate; once it ends, the
    /// candidate of a failed rotation is disarmed and the old version of a finished one retires, unless still valid
    /// (blue-green's idle slot until the next rotation re-arms its login, a rolled-back version while clients use it).
    /// </summary>
    public IReadOnlyList<KeyValuePair<int, string>> RetirableAtTarget()
    {
        if (Target is null) return [];
        var valid = ValidVersions;
        // An emergency does not keep its compromised old version for a rollback: it goes as soon as the new value is live.
        return Armed.Where(a => a.Key != Current && !valid.Contains(a.Key) && a.Key != Rotation?.NewVersion
                                && (a.Key != Rotation?.OldVersion || (Rotation.NewValueLive && IsCompromised(a.Key)))).ToList();
    }

    /// <summary>The version a client should present now: pending once dual mode is on, otherwise current.</summary>
    public int? PreferredVersion => DualMode && Pending is { } pending ? pending : Current;

    /// <summary>Live clients that still report <paramref name="version"/>.</summary>
    public bool ClientsOn(int version, IReadOnlySet<string> stale) =>
        Consumers.Values.Any(c => c.Role == ConsumerRole.Client && c.Version == version && !stale.Contains(c.Id.Value));

    /// <summary>Live resources that do not yet report <paramref name="version"/>: who a rotation still waits on to arm.</summary>
    public IReadOnlyList<string> ResourcesNotOn(int version, IReadOnlySet<string> stale) =>
        Consumers.Values.Where(c => c.Role == ConsumerRole.Resource && c.Version != version && !stale.Contains(c.Id.Value)).Select(c => c.Id.Value).ToList();

    public SecretState Apply(ISecretEvent e) => e switch
    {
        SecretWritten w => (WithVersion(w.Version) with
        {
            Previous = Current, Current = w.Version.Number,
            LastRequest = w.RequestId is { } requestId ? new RequestedChange(requestId, Version: w.Version.Number) : null,
        }).FollowActiveSlot(w.Version.Number),
        PolicySet p => this with { Policy = p.Policy },
        RequestRecorded q => this with { LastVerbRequest = new RequestedChange(q.RequestId, Verb: q.Verb, Outcome: q.Outcome) },
        RotationStarted s => this with
        {
            Rotation = new InFlightRotation(s.RotationId, s.Strategy, s.Policy, s.Trigger, s.By, s.At, s.OldVersion, PreviousBefore: Previous),
            LastRequest = s.RequestId is { } requestId ? new RequestedChange(requestId, RotationId: s.RotationId) : null,
        },
        StagedWritten s => WithVersion(s.Version) with { Pending = s.Version.Number, Rotation = Rotation! with { NewVersion = s.Version.Number } },
        TargetEnvironmentWritten t => WithSlot(t.Slot, t.Version) with
        {
            Active = Active ?? t.Slot,
            Rotation = t.Version == Rotation!.NewVersion ? Rotation with { TargetSlot = t.Slot, TargetSlotBefore = Slot(t.Slot) } : Rotation,
        },
        VerificationStarted v => this with { Rotation = Rotation! with { Phase = RotationPhase.Verifying, VerificationAttempts = v.Attempt, VerificationPassed = null } },
        Verified => this with { Rotation = Rotation! with { Phase = RotationPhase.Preparing, VerificationPassed = true } },
        VerificationFailed => this with { Rotation = Rotation! with { VerificationPassed = false } },
        ResourcesArming a => this with { Rotation = Rotation! with { Phase = RotationPhase.ArmingResources, ArmingSince = a.At } },
        ResourcesArmed => this with { Rotation = Rotation! with { Phase = RotationPhase.Preparing } },
        DualModeEnabled d => this with { DualMode = true, Rotation = Rotation! with { Phase = RotationPhase.WaitingForConsumers, DualModeSince = d.At } },
        MigrationTimedOut t => t.Action == MigrationTimeoutAction.Hold ? this with { Rotation = Rotation! with { Phase = RotationPhase.Holding } } : this,
        Promoted p => (this with
        {
            Previous = Current, Current = p.NewVersion, Pending = null, DualMode = false,
            Rotation = Rotation! with { NewValueLive = true },
        }).FollowActiveSlot(p.NewVersion),
        EnvironmentSwitched s => this with
        {
            Previous = Current, Current = s.NewVersion, Active = s.To, Pending = null,
            Rotation = Rotation! with { NewValueLive = true },
        },
        RolledBack r => (r.SwitchedTo is { } to ? this with { Active = to } : FollowActiveSlot(r.ToVersion)) with
        {
            Current = r.ToVersion, Previous = r.PreviousAfter, Pending = null, DualMode = false,
            Rotation = Rotation is null ? null : Rotation with { NewValueLive = false },
            // A blue-green switch back leaves the version in the idle slot, valid anyway; otherwise it retires gracefully.
            Retiring = r.SwitchedTo is null && r.FromVersion != r.ToVersion ? r.FromVersion : null,
        },
        CredentialBound b => this with { Managed = new ManagedTarget(b.Binding, ImmutableSortedDictionary<int, string>.Empty) },
        // One password per login: arming a login replaces whatever version it held before.
        TargetArming a => WithArmed((Target!.Kind.OnePasswordPerLogin() ? Armed.RemoveRange(Armed.Where(x => x.Value == a.Login).Select(x => x.Key)) : Armed).SetItem(a.Version, a.Login)) with
        {
            Rotation = Rotation! with { Phase = RotationPhase.ArmingTarget },
        },
        TargetArmed a => WithArmed(Armed.SetItem(a.Version, a.Login)) with
        {
            Rotation = Rotation is { Phase: RotationPhase.ArmingTarget } r && r.Id == a.RotationId ? r with { Phase = RotationPhase.Preparing } : Rotation,
        },
        TargetRetired t => WithArmed(Armed.Remove(t.Version)),
        RotationScheduled s => this with { Due = new DueRotation(s.DueAt, s.Attempt, s.Cycle, s.Reason) },
        ScheduleStopped => this with { Due = null },
        AttentionNeeded a => this with { Due = null, Attention = new NeedsAttention(a.Reason, a.LastError, a.At) },
        AttentionCleared => this with { Attention = null },
        EmergencyDeclared => this with { Compromised = (Compromised ?? ImmutableSortedSet<int>.Empty).Union(ValidVersions) },
        SecurityEventReceived r => r.Rotated ? this with { LastSecurityRotationAt = r.At } : this,
        VersionRetired v => Retiring == v.Version ? this with { Retiring = null } : this,
        RotationCompleted c => this with { Rotation = null, Pending = null, DualMode = false, LastResult = c.Result },
        RotationFailed f => RestoreTargetSlot() with { Rotation = null, Pending = null, DualMode = false, LastResult = f.Result },
        ConsumerRegistered r => this with { Consumers = Consumers.SetItem(r.ConsumerId.Value, new ConsumerRecord(r.ConsumerId, r.Version, r.At, r.At, r.Role, r.Registrant)) },
        ConsumerMigrated m => this with { Consumers = Consumers.SetItem(m.ConsumerId.Value, Consumers[m.ConsumerId.Value] with { Version = m.ToVersion, VersionSince = m.At }) },
        ConsumerExpired x => this with { Consumers = Consumers.Remove(x.ConsumerId.Value) },
        ConsumerRemoved r => this with { Consumers = Consumers.Remove(r.ConsumerId.Value) },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown secret event"),
    };

    private SecretState WithArmed(ImmutableSortedDictionary<int, string> armed) => this with { Managed = Managed! with { Armed = armed } };

    private SecretState WithVersion(SecretVersion version) => this with { Versions = Versions.Add(version.Number, version) };

    private SecretState WithSlot(DeploymentSlot slot, int? version) =>
        slot == DeploymentSlot.Blue ? this with { Blue = version } : this with { Green = version };

    /// <summary>Keeps the invariant: a non-blue-green change of current also lands in the active slot.</summary>
    private SecretState FollowActiveSlot(int version) => Active is { } active ? WithSlot(active, version) : this;

    /// <summary>A failed blue-green rotation gives the idle slot back its former version (the rollback target).</summary>
    private SecretState RestoreTargetSlot() =>
        Rotation is { TargetSlot: { } slot } r && slot != Active && Slot(slot) == r.NewVersion ? WithSlot(slot, r.TargetSlotBefore) : this;
}
