using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Reports;

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
}
