using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Generation;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Values;

namespace HarombeActors.Domain.Tests;

public class ValidationTests
{
    [Theory]
    [InlineData("/secrets/db/password")]
    [InlineData("/a")]
    [InlineData("/x/y_z-1.2/Q")]
    public void Valid_paths_parse(string raw) => Assert.Equal(raw, SecretPath.Parse(raw).Value);

    [Theory]
    [InlineData(null, "must not be empty")]
    [InlineData("", "must not be empty")]
    [InlineData("secrets/x", "must start with '/'")]
    [InlineData("/", "empty segments")]
    [InlineData("/a//b", "empty segments")]
    [InlineData("/a/", "empty segments")]
    [InlineData("/a/../b", "'..'")]
    [InlineData("/a/./b", "'..'")]
    [InlineData("/a b", "may contain only")]
    [InlineData("/a/ü", "may contain only")]
    [InlineData("/a;drop", "may contain only")]
    [InlineData("/a/x.blue", "reserved selector suffix")]
    public void Invalid_paths_name_the_field_and_the_rule(string? raw, string rule)
    {
        Assert.False(SecretPath.TryParse(raw, out _, out var rejection));
        Assert.Equal(RejectionCode.BadInput, rejection.Code);
        Assert.Equal("path", rejection.Field);
        Assert.StartsWith("path: ", rejection.Message);
        Assert.Contains(rule, rejection.Message);
    }

    [Fact]
    public void Paths_longer_than_256_are_rejected()
    {
        Assert.True(SecretPath.TryParse("/" + new string('a', 255), out _, out _));
        Assert.False(SecretPath.TryParse("/" + new string('a', 256), out _, out var r));
        Assert.Contains("at most 256", r.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Empty_values_are_rejected(string? raw)
    {
        Assert.False(SecretValue.TryCreate(raw, out _, out var r));
        Assert.Equal("value: must not be empty", r.Message);
    }

    [Fact]
    public void Values_over_64_KiB_are_rejected_and_64_KiB_is_accepted()
    {
        Assert.True(SecretValue.TryCreate(new string('x', 64 * 1024), out _, out _));
        Assert.False(SecretValue.TryCreate(new string('x', 64 * 1024 + 1), out _, out var r));
        Assert.Contains("at most 65536 bytes", r.Message);
        Assert.False(SecretValue.TryCreate(new string('é', 40 * 1024), out _, out _)); // 80 KiB of UTF-8
    }

    [Fact]
    public void Secret_values_never_print_their_plaintext()
    {
        var value = SecretValue.Create("hunter2-super-secret");
        Assert.Equal("********", value.ToString());
        Assert.DoesNotContain("hunter2", new Commands.WriteSecret(SecretPath.Parse("/a"), value, new Principal("x")).ToString());
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("svc a", "may contain only")]
    public void Bad_consumer_ids_are_rejected(string raw, string rule)
    {
        Assert.False(ConsumerId.TryParse(raw, out _, out var r));
        Assert.Equal("consumerId", r.Field);
        Assert.Contains(rule, r.Message);
    }

    [Fact]
    public void Consumer_ids_over_128_characters_are_rejected()
    {
        Assert.True(ConsumerId.TryParse(new string('c', 128), out _, out _));
        Assert.False(ConsumerId.TryParse(new string('c', 129), out _, out var r));
        Assert.Contains("at most 128", r.Message);
    }

    public static TheoryData<RotationPolicy, string> BadPolicies => new()
    {
        { new RotationPolicy { MaxRetries = 11 }, "policy.maxRetries" },
        { new RotationPolicy { MaxRetries = -1 }, "policy.maxRetries" },
        { new RotationPolicy { IntervalDays = -1 }, "policy.intervalDays" },
        { new RotationPolicy { MigrationTimeout = TimeSpan.FromSeconds(-1) }, "policy.migrationTimeout" },
        { new RotationPolicy { MigrationTimeout = TimeSpan.FromDays(30) }, "policy.migrationTimeout" },
        { new RotationPolicy { CheckInterval = TimeSpan.Zero }, "policy.checkInterval" },
        { new RotationPolicy { StaleAfter = TimeSpan.FromDays(2) }, "policy.staleAfter" },
        { new RotationPolicy { Strategy = (RotationStrategy)42 }, "policy.strategy" },
        { new RotationPolicy { VerificationTests = ["db_login", "no_such_test"] }, "policy.verificationTests" },
        { new RotationPolicy { VerificationTests = ["db_login", "db_login"] }, "policy.verificationTests" },
        { new RotationPolicy { Name = "" }, "policy.name" },
    };

    [Theory]
    [MemberData(nameof(BadPolicies))]
    public void Bad_policies_name_the_field(RotationPolicy policy, string field)
    {
        var rejection = policy.Validate(new HashSet<string> { "db_login" });
        Assert.NotNull(rejection);
        Assert.Equal(field, rejection.Field);
    }

    [Fact]
    public void Unknown_test_names_are_rejected_fail_closed_and_the_known_ones_listed()
    {
        var r = new RotationPolicy { VerificationTests = ["typo_test"] }.Validate(new HashSet<string> { "db_login" })!;
        Assert.Contains("typo_test", r.Message);
        Assert.Contains("registered: db_login", r.Message);
        Assert.Contains("fail-closed", r.Message);
    }

    [Fact]
    public void Default_policy_matches_the_contract()
    {
        var p = RotationPolicy.Default;
        Assert.Equal(RotationStrategy.Staged, p.Strategy);
        Assert.True(p.RequireVerification);
        Assert.True(p.AutoRollback);
        Assert.Equal(3, p.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(300), p.MigrationTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), p.CheckInterval);
        Assert.Equal(MigrationTimeoutAction.Promote, p.OnMigrationTimeout);
        Assert.Equal(0, p.IntervalDays);
        Assert.Null(p.Validate(new HashSet<string>()));
    }

    [Theory]
    [InlineData("immediate", RotationStrategy.Immediate)]
    [InlineData("staged", RotationStrategy.Staged)]
    [InlineData("dual-write", RotationStrategy.DualWrite)]
    [InlineData("dual_write", RotationStrategy.DualWrite)]
    [InlineData("blue-green", RotationStrategy.BlueGreen)]
    [InlineData("BLUE_GREEN", RotationStrategy.BlueGreen)]
    public void Strategy_names_parse(string raw, RotationStrategy expected)
    {
        Assert.True(PolicyNames.TryParseStrategy(raw, out var s));
        Assert.Equal(expected, s);
    }

    [Theory]
    [InlineData("rolling")]
    [InlineData("")]
    [InlineData("1")]
    public void Unknown_strategies_do_not_parse(string raw) => Assert.False(PolicyNames.TryParseStrategy(raw, out _));

    [Theory]
    [InlineData(GeneratorKind.Random, 32, 32)]
    [InlineData(GeneratorKind.Random, 16, 16)]
    [InlineData(GeneratorKind.Random, 128, 128)]
    [InlineData(GeneratorKind.Hex, 32, 32)]
    [InlineData(GeneratorKind.Hex, 17, 17)]
    [InlineData(GeneratorKind.Uuid, 32, 36)]
    public void Generators_make_values_of_the_asked_shape(GeneratorKind kind, int length, int expected)
    {
        var a = SecretGenerator.Generate(new GeneratorSpec(kind, length)).RevealPlaintext();
        var b = SecretGenerator.Generate(new GeneratorSpec(kind, length)).RevealPlaintext();
        Assert.Equal(expected, a.Length);
        Assert.NotEqual(a, b);
        if (kind == GeneratorKind.Hex) Assert.Matches("^[0-9a-f]+$", a);
        if (kind == GeneratorKind.Random) Assert.All(a, c => Assert.Contains(c, GeneratorSpec.Charset));
        if (kind == GeneratorKind.Uuid) Assert.True(Guid.TryParse(a, out _));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(129)]
    public void Generator_lengths_outside_16_to_128_are_rejected(int length) =>
        Assert.Equal("generator.length", new GeneratorSpec(GeneratorKind.Random, length).Validate()?.Field);

    [Theory]
    [InlineData("current", VersionSelectorKind.Current, 0)]
    [InlineData("pending", VersionSelectorKind.Pending, 0)]
    [InlineData("previous", VersionSelectorKind.Previous, 0)]
    [InlineData("blue", VersionSelectorKind.Blue, 0)]
    [InlineData("green", VersionSelectorKind.Green, 0)]
    [InlineData("3", VersionSelectorKind.Number, 3)]
    [InlineData("v12", VersionSelectorKind.Number, 12)]
    public void Version_selectors_parse(string raw, VersionSelectorKind kind, int number)
    {
        Assert.True(VersionSelector.TryParse(raw, out var s));
        Assert.Equal(new VersionSelector(kind, number), s);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("latest")]
    public void Bad_version_selectors_do_not_parse(string raw) => Assert.False(VersionSelector.TryParse(raw, out _));

    [Theory]
    [InlineData("/secrets/x", "/secrets/x", VersionSelectorKind.Current, false)]
    [InlineData("/secrets/x.blue", "/secrets/x", VersionSelectorKind.Blue, false)]
    [InlineData("/secrets/x.green", "/secrets/x", VersionSelectorKind.Green, false)]
    [InlineData("/secrets/x.pending", "/secrets/x", VersionSelectorKind.Pending, false)]
    [InlineData("/secrets/x.metadata", "/secrets/x", VersionSelectorKind.Current, true)]
    [InlineData("/secrets/v1.2", "/secrets/v1.2", VersionSelectorKind.Current, false)]
    public void The_seeds_addressing_splits_into_path_and_selector(string raw, string path, VersionSelectorKind kind, bool metadata)
    {
        Assert.True(VersionSelector.TrySplitAddress(raw, out var p, out var s, out var m));
        Assert.Equal(path, p);
        Assert.Equal(kind, s.Kind);
        Assert.Equal(metadata, m);
    }
}
