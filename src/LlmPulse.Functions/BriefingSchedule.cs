namespace LlmPulse.Functions;

/// <summary>When the briefing reconciler runs: an NCRONTAB expression (6 fields, UTC) in an app setting.</summary>
public static class BriefingSchedule
{
    public const string SettingName = "RECONCILE_SCHEDULE";

    /// <summary>
    /// The timer binding. The Functions host, not the worker, resolves it from app settings when it indexes the
    /// functions, so a default set in the worker's configuration would never reach it: the setting has to exist.
    /// </summary>
    public const string Binding = "%" + SettingName + "%";

    /// <summary>
    /// 07:00 UTC every day: a month's briefing is rendered on the first run after its data is in (or its deadline),
    /// and revisions and missed months are caught up within a day.
    /// </summary>
    public const string Default = "0 0 7 * * *";
}
