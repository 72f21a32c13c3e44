using HarombeActors.Domain.Ids;

namespace HarombeActors.Domain.State;

/// <summary>The persisted part of a consumer: who it is and which version it last reported. Liveness is not persisted.</summary>
public sealed record ConsumerRecord(ConsumerId Id, int Version, DateTimeOffset RegisteredAt, DateTimeOffset VersionSince);

/// <summary>A consumer's migration status as reported to operators.</summary>
public enum MigrationStatus { Pending, Migrating, Completed, Stale }

public static class MigrationStatusNames
{
    public static string Name(this MigrationStatus status) => status.ToString().ToLowerInvariant();
}
