using System.CommandLine;
using Duration = Google.Protobuf.WellKnownTypes.Duration;
using HarombeActors.Domain.Policies;

namespace HarombeActors.Cli.Commands;

/// <summary>
/// The policy switches that `secret rotate` (for one rotation) and `policy set` (stored) share, each checked here so the
/// error names the switch; the host validates the whole policy again.
/// </summary>
public sealed class PolicySwitches
{
    public readonly Option<string?> Strategy = new("--strategy") { Description = "immediate, staged, dual-write or blue-green (default: the stored policy's)" };
    public readonly Option<string?> Verify = new("--verify") { Description = "verification tests to run, comma-separated" };
    public readonly Option<bool> NoVerify = new("--no-verify") { Description = "skip verification" };
    public readonly Option<bool> NoAutoRollback = new("--no-auto-rollback") { Description = "keep a failed immediate rotation's value live" };
    public readonly Option<string?> MigrationTimeout = new("--migration-timeout") { Description = "dual-write: how long to wait for consumers (e.g. 300s)" };
    public readonly Option<string?> StaleAfter = new("--stale-after") { Description = "dual-write: a consumer silent this long is stale and no longer waited for (e.g. 30s)" };
    public readonly Option<string?> OnTimeout = new("--on-timeout") { Description = "dual-write: promote, rollback or hold when consumers do not all move" };

    public IEnumerable<Option> All => [Strategy, Verify, NoVerify, NoAutoRollback, MigrationTimeout, StaleAfter, OnTimeout];

    /// <summary>What the switches say, in the request's terms (names, protobuf durations).</summary>
    public sealed record Values(string? Strategy, string? OnTimeout, Duration? MigrationTimeout, Duration? StaleAfter, IReadOnlyList<string> Verify, bool NoVerify, bool NoAutoRollback);

    public Values Read(ParseResult parse)
    {
        string? strategy = null, onTimeout = null;
        if (parse.GetValue(Strategy) is { } rawStrategy)
            strategy = PolicyNames.TryParseStrategy(rawStrategy, out var s) ? s.Name() : throw CliException.BadInput($"--strategy: must be one of immediate, staged, dual-write, blue-green (got '{rawStrategy}')");
        if (parse.GetValue(OnTimeout) is { } rawAction)
            onTimeout = PolicyNames.TryParseTimeoutAction(rawAction, out var a) ? a.Name() : throw CliException.BadInput($"--on-timeout: must be one of promote, rollback, hold (got '{rawAction}')");
        var timeout = parse.GetValue(MigrationTimeout) is { } rawTimeout ? Duration.FromTimeSpan(Durations.Parse(rawTimeout, "--migration-timeout")) : null;
        var stale = parse.GetValue(StaleAfter) is { } rawStale ? Duration.FromTimeSpan(Durations.Parse(rawStale, "--stale-after")) : null;
        var tests = parse.GetValue(Verify)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        if (tests.Length > 0 && parse.GetValue(NoVerify)) throw CliException.BadInput("--verify: give either --verify or --no-verify, not both");
        return new Values(strategy, onTimeout, timeout, stale, tests, parse.GetValue(NoVerify), parse.GetValue(NoAutoRollback));
    }
}
