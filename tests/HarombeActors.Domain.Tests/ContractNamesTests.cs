using HarombeActors.Domain.Generation;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;

namespace HarombeActors.Domain.Tests;

/// <summary>
/// The words of the contract: what the CLI prints and parses (--json output, exit messages, selectors), what the
/// journal's summaries say, and the ids it stores. Each one pinned, so renaming a word is a visible decision.
/// </summary>
public class ContractNamesTests
{
    /// <summary>Every enum word of the contract, in one table.</summary>
    private static string Word(Enum value) => value switch
    {
        RotationStatus status => status.Name(),
        RotationPhase phase => phase.Name(),
        RotationStrategy strategy => strategy.Name(),
        MigrationTimeoutAction action => action.Name(),
        DeploymentSlot slot => slot.Name(),
        ConsumerRole role => role.Name(),
        MigrationStatus status => status.Name(),
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    [Theory]
    [InlineData(RotationStatus.Pending, "pending")]
    [InlineData(RotationStatus.InProgress, "in_progress")]
    [InlineData(RotationStatus.Verifying, "verifying")]
    [InlineData(RotationStatus.Success, "success")]
    [InlineData(RotationStatus.Failed, "failed")]
    [InlineData(RotationStatus.RolledBack, "rolled_back")]
    [InlineData(RotationPhase.Preparing, "preparing")]
    [InlineData(RotationPhase.Verifying, "verifying")]
    [InlineData(RotationPhase.ArmingResources, "arming-resources")]
    [InlineData(RotationPhase.WaitingForConsumers, "waiting-for-consumers")]
    [InlineData(RotationPhase.Holding, "holding")]
    [InlineData(RotationStrategy.Immediate, "immediate")]
    [InlineData(RotationStrategy.Staged, "staged")]
    [InlineData(RotationStrategy.DualWrite, "dual-write")]
    [InlineData(RotationStrategy.BlueGreen, "blue-green")]
    [InlineData(MigrationTimeoutAction.Promote, "promote")]
    [InlineData(MigrationTimeoutAction.Rollback, "rollback")]
    [InlineData(MigrationTimeoutAction.Hold, "hold")]
    [InlineData(DeploymentSlot.Blue, "blue")]
    [InlineData(DeploymentSlot.Green, "green")]
    [InlineData(ConsumerRole.Client, "client")]
    [InlineData(ConsumerRole.Resource, "resource")]
    [InlineData(MigrationStatus.Pending, "pending")]
    [InlineData(MigrationStatus.Migrating, "migrating")]
    [InlineData(MigrationStatus.Completed, "completed")]
    [InlineData(MigrationStatus.Stale, "stale")]
    public void Each_value_has_its_contract_word(Enum value, string word) => Assert.Equal(word, Word(value));

    [Theory]
    [InlineData(RotationPhase.Preparing, RotationStatus.InProgress)]
    [InlineData(RotationPhase.Verifying, RotationStatus.Verifying)]
    [InlineData(RotationPhase.ArmingResources, RotationStatus.InProgress)]
    [InlineData(RotationPhase.WaitingForConsumers, RotationStatus.InProgress)]
    [InlineData(RotationPhase.Holding, RotationStatus.Pending)]
    public void In_flight_phases_report_a_status(RotationPhase phase, RotationStatus status) => Assert.Equal(status, phase.Status());

    [Fact]
    public void Each_slot_is_the_others_other()
    {
        Assert.Equal(DeploymentSlot.Green, DeploymentSlot.Blue.Other());
        Assert.Equal(DeploymentSlot.Blue, DeploymentSlot.Green.Other());
    }

    [Theory]
    [InlineData("promote", MigrationTimeoutAction.Promote)]
    [InlineData("rollback", MigrationTimeoutAction.Rollback)]
    [InlineData(" HOLD ", MigrationTimeoutAction.Hold)]
    [InlineData("wait", null)]
    [InlineData("1", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Timeout_actions_parse_from_their_words_only(string? raw, MigrationTimeoutAction? expected)
    {
        Assert.Equal(expected is not null, PolicyNames.TryParseTimeoutAction(raw, out var parsed));
        if (expected is { } action) Assert.Equal(action, parsed);
    }

    [Theory]
    [InlineData("random", GeneratorKind.Random)]
    [InlineData("UUID", GeneratorKind.Uuid)]
    [InlineData("Hex", GeneratorKind.Hex)]
    [InlineData("bogus", null)]
    [InlineData("1", null)]
    [InlineData("7", null)]
    [InlineData(null, null)]
    public void Generator_kinds_parse_whatever_the_case_but_never_from_numbers(string? raw, GeneratorKind? expected)
    {
        Assert.Equal(expected is not null, GeneratorSpec.TryParseKind(raw, out var parsed));
        if (expected is { } kind) Assert.Equal(kind, parsed);
    }

    [Fact]
    public void Rotation_ids_are_short_typable_and_unique()
    {
        var id = RotationId.New().Value;
        Assert.Matches("^rot-[0-9a-f]{12}$", id);
        Assert.NotEqual(id, RotationId.New().Value);
    }

    [Fact]
    public void Timers_act_as_the_system_principal() => Assert.Equal("system", Principal.System.ToString());

    [Theory]
    [InlineData("svc_a")]
    [InlineData("svc-a")]
    [InlineData("svc.a")]
    [InlineData("pod:7")]
    [InlineData("api@eu-1")]
    public void Consumer_ids_may_hold_each_allowed_punctuation_mark(string raw) => Assert.Equal(raw, ConsumerId.Parse(raw).Value);

    [Theory]
    [InlineData("svc/a", "consumerId: may contain only letters, digits and '_', '-', '.', ':', '@'")]
    [InlineData("svc#a", "consumerId: may contain only letters, digits and '_', '-', '.', ':', '@'")]
    [InlineData(null, "consumerId: must not be empty")]
    public void Bad_consumer_ids_are_refused_in_the_contracts_words(string? raw, string message)
    {
        Assert.False(ConsumerId.TryParse(raw, out _, out var rejection));
        Assert.Equal(message, rejection.Message);
    }

    [Fact]
    public void Too_long_consumer_ids_say_how_long_they_were() =>
        Assert.Equal("consumerId: must be at most 128 characters (got 129)", Assert.Throws<Decisions.DomainValidationException>(() => ConsumerId.Parse(new string('c', 129))).Message);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("active")]
    public void No_selector_or_active_reads_the_current_value(string? raw)
    {
        Assert.True(VersionSelector.TryParse(raw, out var selector));
        Assert.Same(VersionSelector.Current, selector);
    }

    [Theory]
    [InlineData(VersionSelectorKind.Number, 3, "v3")]
    [InlineData(VersionSelectorKind.Blue, 0, "blue")]
    [InlineData(VersionSelectorKind.Current, 0, "current")]
    public void Selectors_print_as_they_are_typed(VersionSelectorKind kind, int number, string printed) =>
        Assert.Equal(printed, new VersionSelector(kind, number).ToString());

    [Theory]
    [InlineData("/secrets/x.previous", "/secrets/x", VersionSelectorKind.Previous, false)]
    [InlineData("blue", "blue", VersionSelectorKind.Current, false)]
    [InlineData("metadata", "metadata", VersionSelectorKind.Current, false)]
    public void Only_a_dot_in_the_last_segment_starts_a_selector(string raw, string path, VersionSelectorKind kind, bool metadata)
    {
        Assert.True(VersionSelector.TrySplitAddress(raw, out var p, out var s, out var m));
        Assert.Equal((path, kind, metadata), (p, s.Kind, m));
    }
}
