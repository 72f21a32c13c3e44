using HarombeActors.Domain.Ids;

namespace HarombeActors.Domain.State;

/// <summary>
/// The persisted part of a consumer: who it is, what it does with the secret, and which version it last reported.
/// Liveness is not persisted. <paramref name="Registrant"/> is the front-door token that registered it (null: a cluster
/// member, or a record from before registrants were kept): only that token may speak for it.
/// </summary>
public sealed record ConsumerRecord(ConsumerId Id, int Version, DateTimeOffset RegisteredAt, DateTimeOffset VersionSince, ConsumerRole Role = ConsumerRole.Client, string? Registrant = null)
{
    /// <summary>
    /// Whether a heartbeat or watch from <paramref name="registrant"/> would speak for a consumer another token owns.
    /// Cluster members (null) are trusted with every consumer; an unowned record is claimed by the first token.
    /// </summary>
    public bool OwnedByAnother(string? registrant) => IsAnotherOwner(Registrant, registrant);

    /// <summary>Whether <paramref name="owner"/> and <paramref name="registrant"/> are two different tokens (null is no token).</summary>
    public static bool IsAnotherOwner(string? owner, string? registrant) =>
        owner is not null && registrant is not null && !string.Equals(owner, registrant, StringComparison.Ordinal);
}

/// <summary>
/// What a consumer does with the secret. A client presents the credential; a resource (the database, the API) checks
/// presented credentials against the valid ones. A resource's heartbeat reports the newest version it accepts, and
/// clients are only told to move to a new value after every live resource accepts it: that ordering is what makes
/// dual-write and blue-green free of failed requests.
/// </summary>
public enum ConsumerRole { Client, Resource }

public static class ConsumerRoleNames
{
    public static string Name(this ConsumerRole role) => role == ConsumerRole.Resource ? "resource" : "client";
}

/// <summary>A consumer's migration status as reported to operators.</summary>
public enum MigrationStatus { Pending, Migrating, Completed, Stale }

public static class MigrationStatusNames
{
    public static string Name(this MigrationStatus status) => status.ToString().ToLowerInvariant();
}
