using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.Webhooks;

namespace HarombeActors.Actors.Notices;

/// <summary>Which persisted events become notices, and what they say (version numbers, who, why; never a value).</summary>
public static class SecretNotices
{
    public static SecretNotice? From(ISecretEvent e) => e switch
    {
        SecretWritten w => new(NoticeKinds.SecretWritten, w.Path, w.At, By: w.By.Name, NewVersion: w.Version.Number, Fingerprint: w.Version.Fingerprint),
        EmergencyDeclared d => new(NoticeKinds.EmergencyDeclared, d.Path, d.At, d.Preempted?.Value, d.By.Name, d.Trigger, d.Reason),
        RotationStarted s => new(NoticeKinds.RotationStarted, s.Path, s.At, s.RotationId.Value, s.By.Name, s.Trigger, OldVersion: s.OldVersion, Outcome: s.Strategy.Name()),
        RotationCompleted c => Ended(NoticeKinds.RotationCompleted, c.Path, c.Result, c.At),
        RotationFailed f => Ended(NoticeKinds.RotationFailed, f.Path, f.Result, f.At),
        RolledBack r => new(NoticeKinds.RolledBack, r.Path, r.At, r.RotationId?.Value, r.By.Name, Reason: r.Reason, OldVersion: r.FromVersion, NewVersion: r.ToVersion),
        SecurityEventReceived s => new(NoticeKinds.SecurityEvent, s.Path, s.At, null, s.By.Name, s.Event.Type, s.Decision, Outcome: s.Rotated ? "rotated" : "not rotated"),
        AttentionNeeded a => new(NoticeKinds.NeedsAttention, a.Path, a.At, Reason: $"{a.Reason}; last error: {a.LastError}"),
        AttentionCleared a => new(NoticeKinds.AttentionCleared, a.Path, a.At, By: a.By.Name, Reason: a.Reason),
        _ => null,
    };

    private static SecretNotice Ended(string kind, Domain.Ids.SecretPath path, RotationResult r, DateTimeOffset at) =>
        new(kind, path, at, r.RotationId, Reason: r.Error, OldVersion: r.OldVersion, NewVersion: r.NewVersion, Outcome: r.Status.Name());

    /// <summary>Publishes on the cluster's topic; on a node that is no cluster member (a local test system) there is no one to tell.</summary>
    public static void Publish(ActorSystem system, SecretNotice notice)
    {
        if (system is ExtendedActorSystem { Provider: Akka.Cluster.ClusterActorRefProvider })
            DistributedPubSub.Get(system).Mediator.Tell(new Publish(SecretNotice.Topic, notice));
    }
}
