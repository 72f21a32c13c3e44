using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Schedules;

namespace HarombeActors.Domain.Tests;

/// <summary>When a schedule says the next rotation is: expressions, time zones, windows and jitter, as pure computations.</summary>
public class ScheduleTimeTests
{
    private static readonly SecretPath Path = SecretPath.Parse("/secrets/db/password");
    private static readonly DateTimeOffset Saturday = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_rate_counts_from_the_time_given()
    {
        var schedule = new RotationSchedule { Expression = "rate(6 hours)" };
        Assert.Equal(Saturday.AddHours(6), schedule.NextAfter(Saturday, Path));
        Assert.Equal(Saturday.AddDays(30), new RotationSchedule { Expression = "rate(30 days)" }.NextAfter(Saturday, Path));
        Assert.Equal(Saturday.AddMinutes(1), new RotationSchedule { Expression = "RATE(1 minute)" }.NextAfter(Saturday, Path));
    }

    [Fact]
    public void A_cron_expression_is_read_in_its_time_zone()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 3, 0, 0, TimeSpan.Zero), new RotationSchedule { Expression = "0 3 * * *" }.NextAfter(Saturday, Path));
        // 03:00 in Berlin is 02:00 UTC in winter and 01:00 UTC in summer.
        var berlin = new RotationSchedule { Expression = "0 3 * * *", TimeZone = "Europe/Berlin" };
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 2, 0, 0, TimeSpan.Zero), berlin.NextAfter(Saturday, Path));
        Assert.Equal(new DateTimeOffset(2026, 7, 2, 1, 0, 0, TimeSpan.Zero), berlin.NextAfter(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero), Path));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new RotationSchedule { Expression = "@monthly" }.NextAfter(Saturday, Path));
    }

    [Fact]
    public void A_time_inside_the_window_stays_and_one_outside_waits_for_the_next_window()
    {
        var inside = new RotationSchedule { Expression = "0 3 * * *", Window = "02:00-04:00" };
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 3, 0, 0, TimeSpan.Zero), inside.NextAfter(Saturday, Path));
        // Due at 12:00 (business hours): waits for 02:00 the next night.
        var outside = new RotationSchedule { Expression = "0 12 * * *", Window = "02:00-04:00" };
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero), outside.NextAfter(Saturday, Path));
        // Due at 01:00, before the window opens that same night.
        var early = new RotationSchedule { Expression = "0 1 * * *", Window = "02:00-04:00" };
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 2, 0, 0, TimeSpan.Zero), early.NextAfter(Saturday, Path));
        // The window's end is exclusive.
        var atEnd = new RotationSchedule { Expression = "0 4 * * *", Window = "02:00-04:00" };
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero), atEnd.NextAfter(Saturday, Path));
        // A window in Berlin time: 02:00-04:00 there is 01:00-03:00 UTC in winter.
        var berlin = new RotationSchedule { Expression = "rate(1 hours)", Window = "02:00-04:00", TimeZone = "Europe/Berlin" };
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 1, 0, 0, TimeSpan.Zero), berlin.NextAfter(Saturday, Path));
    }

    [Fact]
    public void Jitter_spreads_secrets_on_one_schedule_and_stays_in_its_bounds()
    {
        var schedule = new RotationSchedule { Expression = "0 3 * * *", Jitter = TimeSpan.FromMinutes(30) };
        var due = Enumerable.Range(0, 500).Select(i => schedule.NextAfter(Saturday, SecretPath.Parse($"/secrets/app{i}"))).ToList();
        var occurrence = new DateTimeOffset(2026, 11, 29, 3, 0, 0, TimeSpan.Zero);
        Assert.All(due, d => Assert.InRange(d, occurrence, occurrence.AddMinutes(30).AddTicks(-1)));
        // Spread, not bunched: every 5-minute sixth of the range holds some of them.
        Assert.Equal(6, due.Select(d => (int)((d - occurrence).TotalMinutes / 5)).Distinct().Count());
        // Deterministic: the same secret and time give the same answer.
        Assert.Equal(due[7], schedule.NextAfter(Saturday, SecretPath.Parse("/secrets/app7")));
    }

    [Fact]
    public void Jitter_never_pushes_a_rotation_out_of_its_window()
    {
        var schedule = new RotationSchedule { Expression = "0 12 * * *", Window = "02:00-02:10", Jitter = TimeSpan.FromHours(2) };
        var opening = new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);
        foreach (var i in Enumerable.Range(0, 200))
            Assert.InRange(schedule.NextAfter(Saturday, SecretPath.Parse($"/secrets/s{i}")), opening, opening.AddMinutes(10).AddTicks(-1));
        // Jitter that would carry a time inside the window past its end moves it into the next window instead.
        var late = new RotationSchedule { Expression = "50 3 * * *", Window = "02:00-04:00", Jitter = TimeSpan.FromMinutes(30) };
        foreach (var i in Enumerable.Range(0, 200))
        {
            var local = late.NextAfter(Saturday, SecretPath.Parse($"/secrets/s{i}")).TimeOfDay;
            Assert.InRange(local, TimeSpan.FromHours(2), TimeSpan.FromHours(4) - TimeSpan.FromTicks(1));
        }
    }

    [Fact]
    public void A_window_that_daylight_saving_time_skips_opens_the_next_day()
    {
        // 29 March 2026, Berlin: 02:00-03:00 does not exist. Asked at 00:30 that night (local, CET).
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var night = new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.FromHours(1));
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 2, 0, 0, TimeSpan.FromHours(2)), DailyWindow.Parse("02:00-02:30").NextOpening(night, berlin));
        // A window that the skipped hour only cuts opens at its first minute that exists.
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2)), DailyWindow.Parse("02:00-04:00").NextOpening(night, berlin));
        // Through a schedule: a rotation due at 01:00 that night waits for the window, which opens at 03:00.
        var schedule = new RotationSchedule { Expression = "0 1 * * *", Window = "02:00-04:00", TimeZone = "Europe/Berlin" };
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2)), schedule.NextAfter(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero), Path));
    }

    [Fact]
    public void Retry_delays_double_up_to_the_cap_with_jitter_between_half_and_all()
    {
        var retry = new RetryPolicy { InitialDelay = TimeSpan.FromMinutes(1), MaxDelay = TimeSpan.FromMinutes(5) };
        Assert.Equal(TimeSpan.FromMinutes(1), retry.DelayAfter(1, 0.999999999).RoundTo(TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(30), retry.DelayAfter(1, 0));
        Assert.Equal(TimeSpan.FromMinutes(2), retry.DelayAfter(2, 0.999999999).RoundTo(TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromMinutes(4), retry.DelayAfter(3, 0.999999999).RoundTo(TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromMinutes(5), retry.DelayAfter(4, 0.999999999).RoundTo(TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromMinutes(2.5), retry.DelayAfter(40, 0));
    }

    public static TheoryData<RotationSchedule, string, string> BadSchedules() => new()
    {
        { new() { Expression = "0 3 * *" }, "schedule.expression", "is neither rate(N minutes|hours|days) nor a valid cron expression" },
        { new() { Expression = "61 3 * * *" }, "schedule.expression", "is neither rate" },
        { new() { Expression = "every day" }, "schedule.expression", "is neither rate" },
        { new() { Expression = "rate(0 hours)" }, "schedule.expression", "is not a rate" },
        { new() { Expression = "rate(5 weeks)" }, "schedule.expression", "is not a rate" },
        { new() { Expression = "rate(-1 days)" }, "schedule.expression", "is not a rate" },
        { new() { Expression = "rate(4000 days)" }, "schedule.expression", "at most 3650 days" },
        { new() { Expression = "0 0 30 2 *" }, "schedule.expression", "never occurs" },
        { new() { Expression = "" }, "schedule.expression", "must be 1 to 128 characters" },
        { new() { Expression = "rate(1 days)", Window = "04:00-02:00" }, "schedule.window", "ends before it starts" },
        { new() { Expression = "rate(1 days)", Window = "02:00-02:00" }, "schedule.window", "ends before it starts" },
        { new() { Expression = "rate(1 days)", Window = "2am-4am" }, "schedule.window", "is not a window" },
        { new() { Expression = "rate(1 days)", Window = "25:00-26:00" }, "schedule.window", "is not a window" },
        { new() { Expression = "rate(1 days)", TimeZone = "Mars/Olympus" }, "schedule.timeZone", "unknown time zone 'Mars/Olympus'" },
        { new() { Expression = "rate(1 days)", TimeZone = "Europe" }, "schedule.timeZone", "unknown time zone 'Europe'" },
        { new() { Expression = "rate(1 days)", TimeZone = "../../etc/passwd" }, "schedule.timeZone", "unknown time zone" },
        { new() { Expression = "* * * * * *" }, "schedule.expression", "at most once a minute" },
        { new() { Expression = "0 */2 * * *", TimeZone = "Europe/Berlin", Jitter = TimeSpan.FromMinutes(90) }, "schedule.jitter", "(1h; got 1h30m)" },
        { new() { Expression = "rate(1 days)", Jitter = TimeSpan.FromDays(1) }, "schedule.jitter", "must be shorter than the schedule's interval (1d; got 1d)" },
        { new() { Expression = "*/10 * * * *", Jitter = TimeSpan.FromMinutes(15) }, "schedule.jitter", "(10m; got 15m)" },
        { new() { Expression = "rate(1 days)", Jitter = TimeSpan.FromMinutes(-1) }, "schedule.jitter", "must not be negative" },
        { new() { Expression = "rate(1 days)", Retry = new() { AttemptsPerCycle = 0 } }, "schedule.retry.attempts", "between 1 and 10" },
        { new() { Expression = "rate(1 days)", Retry = new() { Cycles = 11 } }, "schedule.retry.cycles", "between 1 and 10" },
        { new() { Expression = "rate(1 days)", Retry = new() { InitialDelay = TimeSpan.Zero } }, "schedule.retry.initialDelay", "between 1 s and 7 days" },
        { new() { Expression = "rate(1 days)", Retry = new() { InitialDelay = TimeSpan.FromHours(2), MaxDelay = TimeSpan.FromHours(1) } }, "schedule.retry.maxDelay", "between the initial delay" },
    };

    [Theory]
    [MemberData(nameof(BadSchedules))]
    public void Bad_schedules_name_the_field_and_the_rule(RotationSchedule schedule, string field, string rule)
    {
        var rejection = schedule.Validate();
        Assert.NotNull(rejection);
        Assert.Equal(RejectionCode.BadInput, rejection.Code);
        Assert.Equal(field, rejection.Field);
        Assert.Contains(rule, rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rate(1 hour)")]
    [InlineData("rate(12 hours)")]
    [InlineData("rate( 90 days )")]
    [InlineData("0 3 * * 1-5")]
    [InlineData("30 0 3 * * *")]
    [InlineData("@weekly")]
    public void Good_schedules_pass(string expression) =>
        Assert.Null(new RotationSchedule { Expression = expression, Window = "01:00-05:00", TimeZone = "America/New_York", Jitter = TimeSpan.FromMinutes(20) }.Validate());
}

internal static class TimeSpanRounding
{
    public static TimeSpan RoundTo(this TimeSpan span, TimeSpan unit) => TimeSpan.FromTicks((long)Math.Round(span.Ticks / (double)unit.Ticks) * unit.Ticks);
}
