using HarombeActors.Domain.Commands;

namespace HarombeActors.Actors.Secrets;

public sealed partial class SecretActor
{
    private const string ScheduleTimer = "schedule";
    private DateTimeOffset? _armedDue;

    /// <summary>
    /// Keeps one timer on the secret's next rotation time while nothing else stands in its way (no rotation running, no
    /// needs-attention). The timer wakes at least every <see cref="SecretActorSettings.ScheduleRecheck"/> and compares
    /// with the clock, so a clock that jumps is noticed; a time already past (the host was down) fires at once.
    /// </summary>
    private void ReconcileSchedule(bool recheck = false)
    {
        var due = _state.Rotation is null && _state.Attention is null ? _state.Due?.At : null;
        if (due is not { } at)
        {
            Timers.Cancel(ScheduleTimer);
            _armedDue = null;
            return;
        }
        if (!recheck && _armedDue == at && Timers.IsTimerActive(ScheduleTimer)) return;
        var wait = at - _clock();
        if (wait <= TimeSpan.Zero) wait = recheck ? _settings.ScheduleRecheck : TimeSpan.Zero;
        _armedDue = at;
        Timers.StartSingleTimer(ScheduleTimer, new ScheduleTick(at), wait < _settings.ScheduleRecheck ? wait : _settings.ScheduleRecheck);
    }

    private void OnScheduleTick(ScheduleTick tick)
    {
        if (_state.Due?.At == tick.DueAt && _clock() >= tick.DueAt) Execute(new ScheduledRotationDue(tick.DueAt), null);
        ReconcileSchedule(recheck: true);
    }

    /// <summary>The schedule timer's message: private and local-only, so nothing outside this actor can fire a rotation.</summary>
    private sealed record ScheduleTick(DateTimeOffset DueAt) : Contracts.Serialization.ILocalOnlyMessage;
}
