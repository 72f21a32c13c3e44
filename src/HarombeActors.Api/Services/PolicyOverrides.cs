using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using HarombeActors.Api.Errors;
using HarombeActors.Domain.Policies;

namespace HarombeActors.Api.Services;

/// <summary>
/// The policy fields a request may change (a rotation's overrides, a policy change), each checked so its error names
/// the request's field. Unset fields keep the stored policy.
/// </summary>
internal sealed record PolicyOverrides(
    RotationStrategy? Strategy, MigrationTimeoutAction? Action, TimeSpan? Timeout, TimeSpan? Stale, IReadOnlyList<string> Verify, bool NoVerify, bool NoAutoRollback)
{
    public static PolicyOverrides From(
        string? strategy, string? onTimeout, Duration? migrationTimeout, Duration? staleAfter, RepeatedField<string> verify, bool noVerify, bool noAutoRollback)
    {
        if (verify.Count > 0 && noVerify) throw ApiErrors.BadInput("verify", "give either verify or noVerify, not both");
        return new(
            strategy is null ? null : ApiInput.Strategy(strategy), onTimeout is null ? null : ApiInput.TimeoutAction(onTimeout),
            ApiInput.Duration(migrationTimeout, "migrationTimeout"), ApiInput.Duration(staleAfter, "staleAfter"), [.. verify], noVerify, noAutoRollback);
    }

    public bool Any => Strategy is not null || Action is not null || Timeout is not null || Stale is not null || Verify.Count > 0 || NoVerify || NoAutoRollback;

    public RotationPolicy Apply(RotationPolicy stored) => stored with
    {
        Strategy = Strategy ?? stored.Strategy,
        OnMigrationTimeout = Action ?? stored.OnMigrationTimeout,
        MigrationTimeout = Timeout ?? stored.MigrationTimeout,
        StaleAfter = Stale ?? stored.StaleAfter,
        VerificationTests = Verify.Count > 0 ? Verify : NoVerify ? [] : stored.VerificationTests,
        RequireVerification = !NoVerify && (Verify.Count > 0 || stored.RequireVerification),
        AutoRollback = !NoAutoRollback && stored.AutoRollback,
    };
}
