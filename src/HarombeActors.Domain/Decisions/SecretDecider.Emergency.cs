using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Emergency;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;

namespace HarombeActors.Domain.Decisions;

// Emergency rotation: record who and why, cancel a running rotation the way `cancel` does (everyone back on the old
// value, which stays valid until the new one is live), then rotate at once with the emergency strategy. Auto-rollback
// is off for it: rolling back would make the suspect value current again. All in one decision, so no other command can
// come between the cancel and the new rotation.
public static partial class SecretDecider
{
    public const string EmergencyTrigger = "emergency";
    private const int MaxEmergencyReason = 256;

    private static Decision Emergency(SecretState state, EmergencyRotate c, DecisionContext ctx)
    {
        if (string.IsNullOrWhiteSpace(c.Reason) || c.Reason.Length > MaxEmergencyReason)
            return Decision.Reject(Rejection.BadInput("reason", $"is required: say why (1 to {MaxEmergencyReason} characters); it is recorded with who asked"));
        if (!state.Exists) return Decision.Reject(NotFound(state));
        return StartEmergency(new EventBatch(state), c.By, Scrubbed(state, c.Reason, ctx), EmergencyTrigger, ctx, out var started) is { } refused
            ? Decision.Reject(refused)
            : started!;
    }

    private static Decision SecurityEventReported(SecretState state, ReportSecurityEvent c, DecisionContext ctx)
    {
        if (c.Event.Validate() is { } invalid) return Decision.Reject(invalid);
        if (!state.Exists) return Decision.Reject(NotFound(state));
        var now = ctx.Clock();
        // A report of a leak may quote the leaked value: it is recorded without it.
        var reported = c.Event.Description is { } description ? c.Event with { Description = Scrubbed(state, description, ctx) } : c.Event;
        c = c with { Event = reported };
        var (rotates, why) = SecurityTrigger.Evaluate(c.Event);
        var cooldown = state.EffectivePolicy.EffectiveSecurityCooldown;
        if (rotates && state.LastSecurityRotationAt is { } last && now - last < cooldown)
            (rotates, why) = (false, $"{why}, but a security event rotated this secret at {last:u}: the cool-down allows the next at {last + cooldown:u}");
        if (rotates)
        {
            var batch = new EventBatch(state).Emit(new SecurityEventReceived(state.Path, c.By, c.Event, true, why, now));
            var reason = $"security event {c.Event.Type} ({SecurityTrigger.Name(c.Event.Severity)}): {why}";
            if (StartEmergency(batch, c.By, Bounded(reason), "security:" + c.Event.Type, ctx, out var started) is not { } refused)
                return started! with { Reply = new SecurityEventAssessed(state.Path, true, why, ((EmergencyStarted)started.Reply!).RotationId) };
            why = Bounded($"{why}, but the rotation could not start: {refused.Message}");
        }
        return new Decision([new SecurityEventReceived(state.Path, c.By, c.Event, false, why, now)], new SecurityEventAssessed(state.Path, false, why, null), null);
    }

    /// <summary>
    /// <paramref name="text"/> with every value this secret has held (and a managed credential's password) masked, so
    /// free text from a caller never carries a value into the journal, notices or the audit trail.
    /// </summary>
    private static string Scrubbed(SecretState state, string text, DecisionContext ctx)
    {
        foreach (var version in state.Versions.Values)
        {
            Values.SecretValue value;
            try
            {
                value = ctx.Cipher.Open(state.Path, version.Number, version.Sealed);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                continue; // a value that cannot be opened cannot be quoted by anyone who learned it from here either
            }
            if (value.RevealPlaintext().Length >= MinScrubbedLength) text = value.MaskIn(text);
            if (Targets.ManagedCredential.Parse(value)?.Password is { Length: >= MinScrubbedLength } password) text = Values.SecretValue.Create(password).MaskIn(text);
        }
        return text;
    }

    /// <summary>Shorter values are not masked inside free text (a one-letter value would mask every such letter).</summary>
    private const int MinScrubbedLength = 4;

    /// <summary>Declares the emergency, cancels a running rotation, starts the new one; a rejection when it cannot start (then nothing is written).</summary>
    private static Rejection? StartEmergency(EventBatch batch, Principal by, string reason, string trigger, DecisionContext ctx, out Decision? started)
    {
        started = null;
        var s = batch.State;
        var preempted = s.Rotation?.Id;
        batch.Emit(new EmergencyDeclared(s.Path, by, reason, trigger, preempted, ctx.Clock()));
        if (preempted is not null) Abandon(batch, $"pre-empted by an emergency rotation: {reason}", by, ctx);
        // Never back to the suspect value: no auto-rollback, and a dual-write that times out promotes (it neither rolls
        // back nor holds both values valid).
        var stored = batch.State.EffectivePolicy;
        var policy = stored with
        {
            Strategy = stored.EffectiveEmergencyStrategy, AutoRollback = false, OnMigrationTimeout = Policies.MigrationTimeoutAction.Promote, Schedule = null,
        };
        var rotation = Rotate(batch.State, new RotateSecret(s.Path, by, policy, Trigger: trigger, WaitForCompletion: false), ctx);
        if (rotation.Rejection is { } refused) return refused;
        var id = rotation.Events.OfType<RotationStarted>().Single().RotationId;
        var result = rotation.Events.OfType<IRotationEvent>().Where(e => e.RotationId == id).Select(e => e switch
        {
            RotationCompleted done => done.Result,
            RotationFailed failed => failed.Result,
            _ => null,
        }).LastOrDefault(r => r is not null);
        started = new Decision([.. batch.Events, .. rotation.Events], new EmergencyStarted(s.Path, id.Value, policy.Strategy, preempted?.Value, result), null);
        return null;
    }
}
