namespace HarombeActors.Actors.Consumers;

/// <summary>
/// How many new consumers one front-door token may register at one secret: <see cref="Burst"/> at once (a deployment
/// scaling out), then <see cref="PerMinute"/>. One token cannot fill a secret's consumer cap in a flood. Cluster members
/// (client nodes) are trusted and not limited.
/// </summary>
public sealed record RegistrationLimit(int Burst, int PerMinute)
{
    public static readonly RegistrationLimit Default = new(200, 60);
}

/// <summary>
/// The budgets of the tokens registering consumers at one secret. Each refills continuously from the clock, so no
/// timer is needed and tests move time by hand. Bounded by the number of configured tokens.
/// </summary>
public sealed class RegistrationBudgets(RegistrationLimit limit)
{
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> _budgets = new(StringComparer.Ordinal);

    /// <summary>Takes one registration from <paramref name="registrant"/>'s budget; false when it is spent.</summary>
    public bool TryTake(string registrant, DateTimeOffset now)
    {
        var (tokens, at) = _budgets.TryGetValue(registrant, out var budget) ? budget : (limit.Burst, now);
        var elapsed = Math.Max(0, (now - at).TotalMinutes);
        tokens = Math.Min(limit.Burst, tokens + elapsed * limit.PerMinute);
        if (tokens < 1)
        {
            _budgets[registrant] = (tokens, now);
            return false;
        }
        _budgets[registrant] = (tokens - 1, now);
        return true;
    }
}
