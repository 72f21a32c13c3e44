using HarombeActors.Domain.Projections;

namespace HarombeActors.Contracts.Messages;

// Questions for the secret catalog (the cluster singleton that keeps SecretCatalog from the tagged events) and its
// answers. Asked through the singleton's proxy from whichever host serves the call, so they cross the wire.

/// <summary>
/// The secrets under <see cref="Prefix"/> (null: all), only those that need attention when asked, in path order after
/// <see cref="After"/>, at most <see cref="Limit"/> (a page fits one remoting frame whatever the number of secrets).
/// </summary>
public sealed record ListCatalog(string? Prefix, bool NeedsAttentionOnly = false, string? After = null, int Limit = ListCatalog.MaxLimit) : IHarombeMessage
{
    public const int MaxLimit = 2_000;
}

/// <summary>One page; <see cref="Next"/> is the <see cref="ListCatalog.After"/> of the next page (null: this was the last).</summary>
public sealed record CatalogPage(IReadOnlyList<SecretSummary> Secrets, string? Next = null) : IHarombeMessage;

public sealed record GetCatalogStats : IHarombeMessage
{
    public static readonly GetCatalogStats Instance = new();
}

/// <summary>The rotation counts `stats` shows, and the journal offset they are counted up to.</summary>
public sealed record CatalogStats(int Secrets, int Successful, int Failed, int Rollbacks, int NeedsAttention, long Offset) : IHarombeMessage;
