using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Reports;
using HarombeActors.Domain.Rotation;

namespace HarombeActors.Domain.Tests;

/// <summary>The migration report is read from the events the decider wrote: each number is checked against the story that made them.</summary>
public class MigrationReportTests
{
    private static readonly RotationPolicy Dual = Scenario.NoVerify with { Strategy = RotationStrategy.DualWrite };

    [Fact]
    public void A_dual_write_reports_who_moved_when_after_dual_mode_who_did_not_who_was_stuck_and_how_it_ended()
    {
        var h = Scenario.Seeded("old-value", "fast", "slow", "never", "leaver");
        h.Started(Dual);
        var dualAt = h.Log.OfType<DualModeEnabled>().Single().At;
        h.Clock.Advance(TimeSpan.FromSeconds(2));
        h.Report("fast", 2);
        h.Clock.Advance(TimeSpan.FromSeconds(40));
        h.Report("slow", 2);
        h.Report("newcomer", 2); // joined on the new version: not a move
        h.Stale.Add("leaver");
        h.Send(new ExpireConsumer(ConsumerId.Parse("leaver"), "stale for a day"));
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        h.Deadline(); // promote: "never" is stuck
        h.Report("never", 2); // after the end: not counted

        var report = MigrationReports.For(h.Log)!;
        var rotation = h.Log.OfType<RotationStarted>().Single();
        Assert.Equal((rotation.RotationId.Value, RotationStrategy.DualWrite, 1, 2, "dual mode on", dualAt), (report.RotationId, report.Strategy, report.OldVersion, report.NewVersion, report.SwitchKind, report.SwitchAt));
        Assert.Equal(["fast", "slow"], report.Moved.Select(m => m.ConsumerId));
        Assert.Equal(h.Log.OfType<ConsumerMigrated>().First(m => m.ConsumerId.Value == "fast").At - dualAt, report.Moved[0].AfterSwitch);
        Assert.InRange(report.Moved[0].AfterSwitch, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.1));
        Assert.InRange(report.Moved[1].AfterSwitch, TimeSpan.FromSeconds(42), TimeSpan.FromSeconds(42.1));
        Assert.Equal(["never"], report.NotMoved);
        Assert.Equal(["never"], report.Stuck);
        Assert.Equal(["leaver"], report.Gone);
        Assert.Equal(["newcomer"], report.JoinedOnNew);
        Assert.Equal(("success", h.Log.OfType<RotationCompleted>().Single().At), (report.Outcome, report.EndedAt));
        Assert.Equal((report.Moved[0].AfterSwitch, report.Moved[1].AfterSwitch, report.Moved[1].AfterSwitch), (report.MedianMove, report.P90Move, report.SlowestMove));
        Assert.Equal([0, 1, 0, 1, 0, 0], report.Distribution.Select(b => b.Count));
    }

    [Fact]
    public void A_rotation_is_chosen_by_id_the_latest_by_default_and_an_unknown_id_has_no_report()
    {
        var h = Scenario.Seeded("old-value", "a");
        h.Started(Scenario.Policy(RotationStrategy.Immediate), "second-value");
        h.Started(Dual, "third-value");
        var (first, second) = (h.Log.OfType<RotationStarted>().First().RotationId.Value, h.Log.OfType<RotationStarted>().Last().RotationId.Value);
        Assert.Equal(second, MigrationReports.For(h.Log)!.RotationId);
        Assert.Equal("in progress", MigrationReports.For(h.Log)!.Outcome);
        Assert.Equal(["a"], MigrationReports.For(h.Log)!.NotMoved);
        var immediate = MigrationReports.For(h.Log, first)!;
        Assert.Equal(("promoted", "success", 2), (immediate.SwitchKind, immediate.Outcome, immediate.NewVersion));
        Assert.Null(MigrationReports.For(h.Log, "rot-unknown"));
        Assert.Null(MigrationReports.For(Scenario.Seeded().Log));
    }

    [Fact]
    public void A_blue_green_switch_and_a_failed_rotation_are_reported_as_they_happened()
    {
        var h = Scenario.Seeded("old-value", "a");
        h.Started(Scenario.Policy(RotationStrategy.BlueGreen), "green-value");
        var switched = MigrationReports.For(h.Log)!;
        Assert.Equal(("switched to green", "success"), (switched.SwitchKind, switched.Outcome));
        Assert.Equal(h.Log.OfType<EnvironmentSwitched>().Single().At, switched.SwitchAt);

        h.Started(Scenario.Policy(RotationStrategy.Staged, verify: true), "failing-value");
        h.Verify(Scenario.Failing);
        var failed = MigrationReports.For(h.Log)!;
        Assert.Equal(("failed", (string?)null, (DateTimeOffset?)null), (failed.Outcome, failed.SwitchKind, failed.SwitchAt));
        Assert.Equal(h.Log.OfType<StagedWritten>().Last().Version.Number, failed.NewVersion);
        Assert.Equal(h.Log.OfType<RotationFailed>().Single().At, failed.EndedAt);
        Assert.Contains("login refused", failed.Error, StringComparison.Ordinal);
        Assert.Empty(failed.NotMoved); // never switched: nobody was asked to move
    }

    private static readonly SecretPath Path = SecretPath.Parse("/secrets/report");
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly RotationId Rid = new("rot-hand-built");

    private static ConsumerRegistered Registered(string id, int version, double at) => new(Path, ConsumerId.Parse(id), version, T0.AddSeconds(at));
    private static ConsumerMigrated Moved(string id, int from, int to, double at) => new(Path, ConsumerId.Parse(id), from, to, T0.AddSeconds(at));

    [Fact]
    public void Moves_count_from_the_switch_first_move_only_ties_by_name_and_the_buckets_start_inclusive()
    {
        IReadOnlyList<ISecretEvent> events =
        [
            Registered("zed", 1, -30), Registered("amy", 1, -30), Registered("early", 1, -30), Registered("flip", 1, -30),
            Registered("left-before", 1, -30), new ConsumerRemoved(Path, ConsumerId.Parse("left-before"), 1, new Principal("op"), T0.AddSeconds(-20)),
            Registered("never", 1, -30),
            new RotationStarted(Path, Rid, RotationStrategy.DualWrite, Scenario.NoVerify, "manual", new Principal("alice"), 1, T0.AddSeconds(-5)),
            new StagedWritten(Path, Rid, new State.SecretVersion(2, "abcd1234", new Values.SealedValue([1], [2], [3]), T0), T0.AddSeconds(-4)),
            Moved("early", 1, 2, -1), // before the switch: zero after it
            new DualModeEnabled(Path, Rid, 1, 2, T0),
            Moved("zed", 1, 2, 1), Moved("amy", 1, 2, 1), // exactly 1 s: the 1-5 s bucket, in name order
            Moved("flip", 1, 2, 30), Moved("flip", 2, 1, 31), Moved("flip", 1, 2, 700), // its first move counts
        ];
        var report = MigrationReports.For(events)!;
        Assert.Equal(["early", "amy", "zed", "flip"], report.Moved.Select(m => m.ConsumerId));
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)], report.Moved.Select(m => m.AfterSwitch));
        Assert.Equal(["never"], report.NotMoved); // left-before went away before the rotation: not waited for
        Assert.Empty(report.Gone);
        Assert.Equal(["< 1 s", "1-5 s", "5-30 s", "30 s-2 min", "2-10 min", "10 min +"], report.Distribution.Select(b => b.Label));
        Assert.Equal([1, 2, 0, 1, 0, 0], report.Distribution.Select(b => b.Count));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)), (report.MedianMove, report.P90Move, report.SlowestMove));
        Assert.Equal(("in progress", "manual", "alice", 1), (report.Outcome, report.Trigger, report.By, report.OldVersion));
    }

    [Fact]
    public void The_not_moved_are_sorted_and_an_expired_or_removed_consumer_is_gone_not_waited_for()
    {
        IReadOnlyList<ISecretEvent> events =
        [
            Registered("c", 1, -10), Registered("b", 1, -10), Registered("a", 1, -10), Registered("x", 1, -10), Registered("y", 1, -10),
            new RotationStarted(Path, Rid, RotationStrategy.DualWrite, Scenario.NoVerify, "manual", new Principal("alice"), 1, T0),
            new DualModeEnabled(Path, Rid, 1, 2, T0),
            new ConsumerExpired(Path, ConsumerId.Parse("x"), 1, "stale", T0.AddSeconds(5)),
            new ConsumerRemoved(Path, ConsumerId.Parse("y"), 1, new Principal("op"), T0.AddSeconds(6)),
            new ConsumerExpired(Path, ConsumerId.Parse("x"), 1, "stale again", T0.AddSeconds(7)),
            Registered("late-on-old", 1, 8), // joined on the old version during the rotation: not moved, not joined on the new
        ];
        var report = MigrationReports.For(events)!;
        Assert.Equal(["a", "b", "c", "late-on-old"], report.NotMoved);
        Assert.Equal(["x", "y"], report.Gone);
        Assert.Empty(report.JoinedOnNew);
        Assert.Null(report.MedianMove);
        Assert.All(report.Distribution, b => Assert.Equal(0, b.Count));
    }
}
