using HarombeActors.Domain.Ids;

namespace HarombeActors.Domain.State;

/// <summary>
/// The persisted part of a consumer: who it is, what it does with the secret, and which version it last reported.
/// Liveness is not persisted.
/// </summary>
public sealed record ConsumerRecord(ConsumerId Id, int Version, DateTimeOffset RegisteredAt, DateTimeOffset VersionSince, ConsumerRole Role = ConsumerRole.Client);

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
