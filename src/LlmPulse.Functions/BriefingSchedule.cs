namespace LlmPulse.Functions;

/// <summary>When the monthly briefing runs: an NCRONTAB expression (6 fields, UTC) in an app setting.</summary>
public static class BriefingSchedule
{
    public const string SettingName = "BRIEFING_SCHEDULE";

    /// <summary>
    /// The timer binding. The Functions host, not the worker, resolves it from app settings when it indexes the
    /// functions, so a default set in the worker's configuration would never reach it: the setting has to exist.
    /// </summary>
    public const string Binding = "%" + SettingName + "%";

    /// <summary>07:00 UTC on the first day of every month: the previous month is complete by then.</summary>
    public const string Default = "0 0 7 1 * *";
}
