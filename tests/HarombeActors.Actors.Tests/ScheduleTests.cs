using Akka.Actor;
using Akka.Hosting;
using HarombeActors.Actors.Operator;
using HarombeActors.Actors.Tests.Support;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Schedules;

namespace HarombeActors.Actors.Tests;

/// <summary>
/// Schedules on a real node: the timer fires when the node's clock reaches the persisted time (the test moves the clock,
/// nothing waits for a day), a time missed while the node was down fires once after the restart, and failures end in
/// needs-attention that a resume clears.
/// </summary>
public class ScheduleTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    private static readonly RotationPolicy Daily = new()
    {
        RequireVerification = false, Strategy = RotationStrategy.Staged, Schedule = new RotationSchedule { Expression = "rate(1 days)" },
    };

    // The secrets compare their time with the moved clock often, so a jump is noticed at once.
    protected override TestNode CreateNode() => new(null, AcceptsGood, Gate) { Settings = s => s with { ScheduleRecheck = TimeSpan.FromMilliseconds(100) } };

    private async Task<DateTimeOffset> Scheduled(Domain.Ids.SecretPath path, RotationPolicy policy)
    {
        await Put(path, "old-value");
        var accepted = await Ask<PolicyAccepted>(new SetPolicy(path, policy, Alice));
        return accepted.NextRotationAt ?? throw new Xunit.Sdk.XunitException("a scheduled policy answers its next rotation time");
    }

    [Fact]
    public async Task The_schedule_rotates_when_the_clock_reaches_its_time_and_shows_the_next_one()
    {
        var path = P("/secrets/scheduled");
        var due = await Scheduled(path, Daily);
        Assert.InRange(due - Node.Clock.GetUtcNow(), TimeSpan.FromHours(23), TimeSpan.FromDays(1));
        Assert.Equal(due, (await Ask<SecretStatus>(new GetStatus(path))).NextRotation!.At);
        Assert.DoesNotContain(await Journal(path), e => e is RotationStarted);

        Node.Clock.Advance(due - Node.Clock.GetUtcNow());
        var events = await JournalWith(path, e => e is RotationCompleted);
        var started = events.OfType<RotationStarted>().Single();
        Assert.Equal(("scheduled", "scheduler"), (started.Trigger, started.By.Name));
        Assert.True(started.At >= due, $"started at {started.At:O}, before its time {due:O}");

        var status = await Ask<SecretStatus>(new GetStatus(path));
        Assert.Equal(2, status.CurrentVersion);
        var completed = events.OfType<RotationCompleted>().Single();
        await Kit.AwaitAssertAsync(async () =>
            Assert.Equal(completed.At.AddDays(1), (await Ask<SecretStatus>(new GetStatus(path))).NextRotation?.At));
    }

    [Fact]
    public async Task A_time_missed_while_the_node_was_down_fires_once_when_the_secret_comes_back()
    {
        var path = P("/secrets/missed");
        await Scheduled(path, Daily);
        await Node.StopAsync();
        Node.Clock.Advance(TimeSpan.FromDays(10)); // ten periods pass with no host
        await Node.StartAsync();
        Kit = new Akka.TestKit.Xunit2.TestKit(Node.System);

        // No message goes to the secret: remember-entities brings it back and its schedule fires.
        var events = await JournalWith(path, e => e is RotationCompleted);
        var next = (await Ask<SecretStatus>(new GetStatus(path))).NextRotation!;
        Assert.InRange(next.At - Node.Clock.GetUtcNow(), TimeSpan.FromHours(23), TimeSpan.FromDays(1));
        Assert.Single((await Journal(path)).OfType<RotationStarted>());
        Assert.Equal(2, (await Ask<SecretStatus>(new GetStatus(path))).CurrentVersion);
        _ = events;
    }

    [Fact]
    public async Task Failing_scheduled_rotations_retry_then_need_attention_and_a_resume_clears_it()
    {
        var path = P("/secrets/failing");
        // accepts_good refuses every generated value, so each scheduled rotation fails verification (the old value stays).
        var policy = Policy(RotationStrategy.Staged, "accepts_good") with
        {
            Schedule = new RotationSchedule
            {
                Expression = "rate(1 hours)", Retry = new RetryPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(1), AttemptsPerCycle = 2, Cycles = 1 },
            },
        };
        var due = await Scheduled(path, policy);
        Node.Clock.Advance(due - Node.Clock.GetUtcNow());

        var events = await JournalWith(path, e => e is AttentionNeeded);
        Assert.Equal(["scheduled", "scheduled-retry"], events.OfType<RotationStarted>().Select(s => s.Trigger));
        Assert.Equal(2, events.OfType<RotationFailed>().Count());
        var status = await Ask<SecretStatus>(new GetStatus(path));
        Assert.Equal("2 scheduled attempts failed (1 cycle of 2)", status.Attention!.Reason);
        Assert.Null(status.NextRotation);
        Assert.Equal(1, status.CurrentVersion);
        Assert.Equal("old-value", await Reveal(path));
        // The list and the stats (the secret catalog) show it too.
        var listed = await CatalogProjection.AskAsync<CatalogPage>(Node.System, new ListCatalog(null, NeedsAttentionOnly: true), TimeSpan.FromSeconds(15));
        Assert.Equal([path.Value], listed.Secrets.Select(s => s.Path));
        Assert.Equal(1, (await CatalogProjection.AskAsync<CatalogStats>(Node.System, GetCatalogStats.Instance, TimeSpan.FromSeconds(15))).NeedsAttention);
        // And the gauge operators alert on.
        Assert.Equal(1, NeedsAttentionGauge());

        var resumed = await Ask<SecretResumed>(new ResumeSecret(path, Alice));
        Assert.NotNull(resumed.NextRotationAt);
        status = await Ask<SecretStatus>(new GetStatus(path));
        Assert.Null(status.Attention);
        Assert.Equal(resumed.NextRotationAt, status.NextRotation!.At);
        Assert.Empty((await CatalogProjection.AskAsync<CatalogPage>(Node.System, new ListCatalog(null, NeedsAttentionOnly: true), TimeSpan.FromSeconds(15))).Secrets);
        Assert.Equal(0, NeedsAttentionGauge());
    }

    /// <summary>
    /// harombe.secrets.needs_attention as a metrics exporter reads it, summed over every node in this test process: only
    /// this class makes a secret need attention, and its tests run one at a time.
    /// </summary>
    private static long NeedsAttentionGauge()
    {
        long sum = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Telemetry.HarombeMetrics.MeterName && instrument.Name == "harombe.secrets.needs_attention") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => sum += value);
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => sum += value);
        listener.Start();
        listener.RecordObservableInstruments();
        return sum;
    }
}
