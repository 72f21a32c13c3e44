using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Policies;

namespace HarombeActors.Domain.Tests;

/// <summary>
/// Every policy rule at both edges: the last accepted value passes, the first refused one gets the field and the
/// rule in the exact words the README promises ("policy.maxRetries: must be between 0 and 10").
/// </summary>
public class PolicyRuleTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private static readonly string[] TwentyTests = [.. Enumerable.Range(1, 20).Select(i => $"t{i:00}")];

    // Inserted out of order on purpose: the message lists them sorted.
    private static readonly HashSet<string> Known = ["db_login", "api_ping", .. TwentyTests];

    public static TheoryData<RotationPolicy> AtTheEdges => new()
    {
        new RotationPolicy { Name = new string('n', 64) },
        new RotationPolicy { IntervalDays = 0 },
        new RotationPolicy { IntervalDays = 3650 },
        new RotationPolicy { MaxRetries = 0 },
        new RotationPolicy { MaxRetries = 10 },
        new RotationPolicy { MigrationTimeout = TimeSpan.Zero },
        new RotationPolicy { MigrationTimeout = TimeSpan.FromHours(24) },
        new RotationPolicy { CheckInterval = TimeSpan.FromMilliseconds(10) },
        new RotationPolicy { CheckInterval = TimeSpan.FromHours(24) },
        new RotationPolicy { StaleAfter = TimeSpan.FromMilliseconds(100) },
        new RotationPolicy { StaleAfter = TimeSpan.FromHours(24) },
        new RotationPolicy { VerificationTests = TwentyTests },
        new RotationPolicy { OnMigrationTimeout = MigrationTimeoutAction.Hold, Strategy = RotationStrategy.BlueGreen },
    };

    [Theory]
    [MemberData(nameof(AtTheEdges))]
    public void The_last_value_inside_each_bound_is_accepted(RotationPolicy policy) => Assert.Null(policy.Validate(Known));

    public static TheoryData<RotationPolicy, string> JustOutside => new()
    {
        { new RotationPolicy { Name = "" }, "policy.name: must be 1 to 64 characters" },
        { new RotationPolicy { Name = " " }, "policy.name: must be 1 to 64 characters" },
        { new RotationPolicy { Name = new string('n', 65) }, "policy.name: must be 1 to 64 characters" },
        { new RotationPolicy { IntervalDays = -1 }, "policy.intervalDays: must be between 0 (manual only) and 3650" },
        { new RotationPolicy { IntervalDays = 3651 }, "policy.intervalDays: must be between 0 (manual only) and 3650" },
        { new RotationPolicy { Strategy = (RotationStrategy)4 }, "policy.strategy: must be one of immediate, staged, dual-write, blue-green" },
        { new RotationPolicy { OnMigrationTimeout = (MigrationTimeoutAction)3 }, "policy.onMigrationTimeout: must be one of promote, rollback, hold" },
        { new RotationPolicy { MaxRetries = -1 }, "policy.maxRetries: must be between 0 and 10" },
        { new RotationPolicy { MaxRetries = 11 }, "policy.maxRetries: must be between 0 and 10" },
        { new RotationPolicy { MigrationTimeout = -Tick }, "policy.migrationTimeout: must be between 0 s and 24 h" },
        { new RotationPolicy { MigrationTimeout = TimeSpan.FromHours(24) + Tick }, "policy.migrationTimeout: must be between 0 s and 24 h" },
        { new RotationPolicy { CheckInterval = TimeSpan.FromMilliseconds(10) - Tick }, "policy.checkInterval: must be between 10 ms and 24 h" },
        { new RotationPolicy { CheckInterval = TimeSpan.FromHours(24) + Tick }, "policy.checkInterval: must be between 10 ms and 24 h" },
        { new RotationPolicy { StaleAfter = TimeSpan.FromMilliseconds(100) - Tick }, "policy.staleAfter: must be between 100 ms and 24 h" },
        { new RotationPolicy { StaleAfter = TimeSpan.FromHours(24) + Tick }, "policy.staleAfter: must be between 100 ms and 24 h" },
        { new RotationPolicy { VerificationTests = [.. TwentyTests, "db_login"] }, "policy.verificationTests: must name at most 20 tests" },
        { new RotationPolicy { VerificationTests = ["t01", "db_login", "t01"] }, "policy.verificationTests: must not name a test twice" },
        {
            new RotationPolicy { VerificationTests = ["typo_test", "db_login", "other"] },
            "policy.verificationTests: unknown test name(s) typo_test, other (registered: api_ping, db_login); verification is fail-closed"
        },
    };

    [Theory]
    [MemberData(nameof(JustOutside))]
    public void The_first_value_outside_each_bound_is_refused_with_the_field_and_the_rule(RotationPolicy policy, string message)
    {
        var rejection = policy.Validate(new HashSet<string> { "db_login", "api_ping" });
        Assert.NotNull(rejection);
        Assert.Equal(RejectionCode.BadInput, rejection.Code);
        Assert.Equal(message, rejection.Message);
        Assert.Equal(message[..message.IndexOf(':')], rejection.Field);
    }

    [Fact]
    public void With_no_test_registered_every_named_test_is_unknown() =>
        Assert.Equal(
            "policy.verificationTests: unknown test name(s) db_login (none are registered); verification is fail-closed",
            new RotationPolicy { VerificationTests = ["db_login"] }.Validate(new HashSet<string>())?.Message);

    [Theory]
    [InlineData(true, 1, true)]
    [InlineData(true, 0, false)]
    [InlineData(false, 1, false)]
    [InlineData(false, 0, false)]
    public void Verification_runs_only_when_required_and_a_test_is_named(bool required, int tests, bool verifies) =>
        Assert.Equal(verifies, new RotationPolicy { RequireVerification = required, VerificationTests = [.. Known.Take(tests)] }.VerifiesCandidate);

    private static readonly RotationPolicy Base = new() { VerificationTests = ["db_login", "api_ping"] };

    [Fact]
    public void Policies_are_equal_by_value_including_their_test_lists()
    {
        var same = new RotationPolicy { VerificationTests = new List<string> { "db_login", "api_ping" } };
        Assert.True(Base.Equals(same));
        Assert.Equal(Base.GetHashCode(), same.GetHashCode());
        Assert.False(Base.Equals(null));
    }

    public static TheoryData<RotationPolicy> OneFieldChanged => new()
    {
        Base with { Name = "other" },
        Base with { IntervalDays = 1 },
        Base with { Strategy = RotationStrategy.DualWrite },
        Base with { RequireVerification = false },
        Base with { VerificationTests = ["api_ping", "db_login"] },
        Base with { AutoRollback = false },
        Base with { MaxRetries = 4 },
        Base with { MigrationTimeout = TimeSpan.FromSeconds(301) },
        Base with { CheckInterval = TimeSpan.FromSeconds(11) },
        Base with { OnMigrationTimeout = MigrationTimeoutAction.Hold },
        Base with { StaleAfter = TimeSpan.FromSeconds(31) },
    };

    [Theory]
    [MemberData(nameof(OneFieldChanged))]
    public void Policies_differing_in_any_one_field_are_not_equal(RotationPolicy changed)
    {
        Assert.False(Base.Equals(changed));
        Assert.False(changed.Equals(Base));
    }
}
