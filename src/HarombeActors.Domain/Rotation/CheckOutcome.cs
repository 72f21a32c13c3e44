namespace HarombeActors.Domain.Rotation;

/// <summary>One verification test's result. Messages are scrubbed of the candidate value before they get here.</summary>
public sealed record CheckOutcome(string Name, bool Success, string Message, double DurationMs);

public static class CheckOutcomes
{
    public static bool AllPassed(this IReadOnlyList<CheckOutcome> outcomes) => outcomes.All(o => o.Success);

    /// <summary>"{f} of {t} tests failed" (the original's wording), followed by the failed names and messages.</summary>
    public static string FailureSummary(this IReadOnlyList<CheckOutcome> outcomes)
    {
        var failed = outcomes.Where(o => !o.Success).ToList();
        return $"Verification failed: {failed.Count} of {outcomes.Count} tests failed ("
               + string.Join("; ", failed.Select(f => $"{f.Name}: {f.Message}")) + ")";
    }
}
