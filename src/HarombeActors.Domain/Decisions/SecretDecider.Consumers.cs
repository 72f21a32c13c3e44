using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;

namespace HarombeActors.Domain.Decisions;

// Consumers and the dual-write wait. Promotion is event-driven: it is decided in the same batch as the
// ConsumerMigrated that made the last live consumer current, so there is no polling delay.
public static partial class SecretDecider
{
    private static Decision ObserveConsumer(SecretState state, ObserveConsumer c, DecisionContext ctx)
    {
        if (!state.Exists) return Decision.Reject(NotFound(state));
        if (!state.Versions.ContainsKey(c.Version))
            return Decision.Reject(Rejection.BadInput("version", $"v{c.Version} does not exist for {state.Path} (latest is v{state.NextVersionNumber - 1})"));
        var batch = new EventBatch(state);
        var now = ctx.Clock();
        var known = state.Consumers.GetValueOrDefault(c.ConsumerId.Value);
        if (known is not null && known.OwnedByAnother(c.Registrant))
            return Decision.Reject(ConsumerOwnedByAnother(state, c.ConsumerId));
        if (known is null || known.Role != c.Role)
        {
            batch.Emit(new ConsumerRegistered(state.Path, c.ConsumerId, c.Version, now, c.Role, known?.Registrant ?? c.Registrant));
        }
        else
        {
            // A record without an owner (a cluster member's, or one older than owners) is claimed by the first token
            // heard for it; a version change is still its own event, for the audit trail.
            if (known.Registrant is null && c.Registrant is not null)
                batch.Emit(new ConsumerRegistered(state.Path, c.ConsumerId, known.Version, now, known.Role, c.Registrant));
            if (known.Version != c.Version)
                batch.Emit(new ConsumerMigrated(state.Path, c.ConsumerId, known.Version, c.Version, now));
        }
        return batch.Events.Count == 0 ? Decision.Nothing : Finish(Advance(batch, ctx));
    }

    /// <summary>The refusal when one token would speak for a consumer another token registered.</summary>
    public static Rejection ConsumerOwnedByAnother(SecretState state, ConsumerId id) =>
        new(RejectionCode.Forbidden, $"consumer '{id}' of {state.Path} was registered with another token; only that token may speak for it", "consumerId");

    private static Decision RemoveConsumer(SecretState state, RemoveConsumer c, DecisionContext ctx)
    {
        if (!state.Exists) return Decision.Reject(NotFound(state));
        if (!state.Consumers.TryGetValue(c.ConsumerId.Value, out var known))
            return Decision.Reject(new Rejection(RejectionCode.NotFound, $"{state.Path} has no consumer '{c.ConsumerId}'"));
        // The consumer a rotation was waiting for may be the one removed: the rotation goes on without it.
        var batch = Advance(new EventBatch(state).Emit(new ConsumerRemoved(state.Path, c.ConsumerId, known.Version, c.By, ctx.Clock())), ctx);
        var outcome = Finish(batch);
        return outcome with { Reply = new ConsumerRemovalAccepted(state.Path, c.ConsumerId.Value, batch.State.Consumers.Count) };
    }

    private static Decision ExpireConsumer(SecretState state, ExpireConsumer c, DecisionContext ctx)
    {
        if (!state.Consumers.TryGetValue(c.ConsumerId.Value, out var known) || !ctx.StaleConsumers.Contains(c.ConsumerId.Value)) return Decision.Nothing;
        return Finish(Advance(new EventBatch(state).Emit(new ConsumerExpired(state.Path, c.ConsumerId, known.Version, c.Reason, ctx.Clock())), ctx));
    }

    /// <summary>What a change of consumers (a report, a liveness change) may unblock: arming, then promotion.</summary>
    private static EventBatch Advance(EventBatch batch, DecisionContext ctx) => TryPromoteMigrated(TryFinishArming(TryRetire(batch, ctx), ctx), ctx);

    /// <summary>
    /// After a rollback the version rolled away from stays valid while live clients still use it, so moving back
    /// costs no failed request; it is retired the moment the last of them reports the version it moved back to.
    /// </summary>
    private static EventBatch TryRetire(EventBatch batch, DecisionContext ctx) =>
        batch.State.Retiring is { } version && !batch.State.ClientsOn(version, ctx.StaleConsumers)
            ? batch.Emit(new VersionRetired(batch.State.Path, version, "no live client uses it any more", ctx.Clock()))
            : batch;

    /// <summary>A new change of the secret retires a version still being moved away from, whoever still uses it.</summary>
    private static EventBatch RetireNow(EventBatch batch, string reason, DecisionContext ctx) =>
        batch.State.Retiring is { } version ? batch.Emit(new VersionRetired(batch.State.Path, version, reason, ctx.Clock())) : batch;

    /// <summary>Once every live resource accepts the candidate, the rotation goes on to the clients.</summary>
    private static EventBatch TryFinishArming(EventBatch batch, DecisionContext ctx)
    {
        var s = batch.State;
        if (s.Rotation is not { Phase: RotationPhase.ArmingResources, NewVersion: { } version } r) return batch;
        if (s.ResourcesNotOn(version, ctx.StaleConsumers).Count > 0) return batch;
        batch.Emit(new ResourcesArmed(s.Path, r.Id, version, ctx.Clock()));
        return Proceed(batch, ctx);
    }

    /// <summary>Promotes a waiting (or held) dual-write the moment every live consumer reports the new version.</summary>
    private static EventBatch TryPromoteMigrated(EventBatch batch, DecisionContext ctx)
    {
        var s = batch.State;
        if (s.Rotation is not { Phase: RotationPhase.WaitingForConsumers or RotationPhase.Holding } r) return batch;
        return Stuck(s, ctx.StaleConsumers, includeStale: false).Count == 0 ? PromoteAndComplete(batch, Principal.System, ctx) : batch;
    }

    private static Decision MigrationDeadline(SecretState state, MigrationDeadlineReached c, DecisionContext ctx)
    {
        if (state.Rotation is not { Phase: RotationPhase.WaitingForConsumers or RotationPhase.ArmingResources } r || r.Id != c.RotationId) return Decision.Nothing;
        var batch = new EventBatch(state);
        if (r.Phase == RotationPhase.ArmingResources)
        {
            // Whatever onMigrationTimeout says, clients must not move to a value a live resource would refuse: the
            // rotation fails and the current value, which every resource accepts, stays.
            var refusing = state.ResourcesNotOn(r.NewVersion!.Value, ctx.StaleConsumers);
            if (refusing.Count == 0) return Finish(Advance(batch, ctx));
            batch.Emit(new MigrationTimedOut(state.Path, r.Id, MigrationTimeoutAction.Rollback, refusing, ctx.Clock()));
            return Finish(Fail(batch, RotationStatus.Failed,
                $"resources did not accept v{r.NewVersion} within {r.Policy.MigrationTimeout.TotalSeconds:0.###} s ({string.Join(", ", refusing.Take(10))}); the current value was never changed", ctx));
        }
        if (Stuck(state, ctx.StaleConsumers, includeStale: false).Count == 0) return Finish(PromoteAndComplete(batch, Principal.System, ctx));

        var stuck = Stuck(state, ctx.StaleConsumers, includeStale: true);
        var action = r.Policy.OnMigrationTimeout;
        batch.Emit(new MigrationTimedOut(state.Path, r.Id, action, stuck, ctx.Clock()));
        var reason = $"migration timed out after {r.Policy.MigrationTimeout.TotalSeconds:0.###} s: {stuck.Count} of {state.Consumers.Count} consumers did not migrate ({string.Join(", ", stuck.Take(10))}{(stuck.Count > 10 ? ", ..." : "")})";
        return Finish(action switch
        {
            MigrationTimeoutAction.Promote => PromoteAndComplete(batch, Principal.System, ctx),
            MigrationTimeoutAction.Rollback => Abandon(batch, reason, Principal.System, ctx),
            _ => batch,
        });
    }

    /// <summary>Consumers not yet on the rotation's new version (live ones only, unless <paramref name="includeStale"/>).</summary>
    public static IReadOnlyList<string> Stuck(SecretState state, IReadOnlySet<string> stale, bool includeStale) =>
        state.Rotation?.NewVersion is not { } target
            ? []
            : state.Consumers.Values
                .Where(c => c.Version != target && (includeStale || !stale.Contains(c.Id.Value)))
                .Select(c => c.Id.Value)
                .ToList();

    /// <summary>How a consumer stands, as the operator sees it.</summary>
    public static MigrationStatus StatusOf(SecretState state, ConsumerRecord consumer, bool isStale)
    {
        if (isStale) return MigrationStatus.Stale;
        return state.Rotation switch
        {
            { Phase: RotationPhase.ArmingResources, NewVersion: var target } when consumer.Role == ConsumerRole.Resource =>
                consumer.Version == target ? MigrationStatus.Completed : MigrationStatus.Migrating,
            { Phase: RotationPhase.WaitingForConsumers or RotationPhase.Holding, NewVersion: var target } =>
                consumer.Version == target ? MigrationStatus.Completed : MigrationStatus.Migrating,
            null when consumer.Role == ConsumerRole.Resource =>
                state.ValidVersions.Count > 0 && consumer.Version == state.ValidVersions[^1] ? MigrationStatus.Completed : MigrationStatus.Pending,
            { } => MigrationStatus.Pending,
            null => consumer.Version == state.Current ? MigrationStatus.Completed : MigrationStatus.Pending,
        };
    }
}
