using HarombeActors.Domain.Decisions;

namespace HarombeActors.Domain.Schedules;

/// <summary>Time zones by IANA id (the host's tz database), so "Europe/Berlin" follows daylight saving time.</summary>
public static class ScheduleZone
{
    public static Rejection? TryFind(string id, out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64) return Rejection.BadInput("schedule.timeZone", "must be an IANA time zone id such as UTC or Europe/Berlin");
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return null;
        }
        // Not only "not found": an id that names a folder of the tz database ("Europe") throws SecurityException, and
        // any failure to read a zone is the same bad input.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Rejection.BadInput("schedule.timeZone", $"unknown time zone '{id}' (use an IANA id such as UTC or Europe/Berlin)");
        }
    }

    public static TimeZoneInfo Find(string id) =>
        TryFind(id, out var zone) is { } rejection ? throw new DomainValidationException(rejection) : zone!;
}
