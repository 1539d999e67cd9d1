namespace LlmPulse.Functions;

/// <summary>
/// When the collectors run: NCRONTAB expressions (6 fields, UTC) in app settings, one per timer. The host resolves
/// the bindings from app settings when it indexes the functions, so each setting has to exist (the Bicep and
/// local.settings.sample.json set them); the defaults below are the values they ship with.
/// </summary>
public static class CollectorSchedules
{
    public const string TrafficSetting = "COLLECT_TRAFFIC_SCHEDULE";
    public const string TrafficBinding = "%" + TrafficSetting + "%";

    /// <summary>06:00 UTC every day: the sources have published the previous day (and month) by then.</summary>
    public const string TrafficDefault = "0 0 6 * * *";

    public const string IndexesSetting = "COLLECT_INDEXES_SCHEDULE";
    public const string IndexesBinding = "%" + IndexesSetting + "%";

    /// <summary>
    /// Weekdays at 08:30 UTC, after Shanghai and Shenzhen close (15:00 China time, 07:00 UTC), and at 22:30 UTC,
    /// after New York closes (16:00 Eastern: 21:00 UTC in winter, 20:00 in summer). Each run collects every index
    /// source; the one whose market is still closed finds nothing new, which costs a request and writes nothing.
    /// </summary>
    public const string IndexesDefault = "0 30 8,22 * * 1-5";

    public const string InvestmentSetting = "COLLECT_INVESTMENT_SCHEDULE";
    public const string InvestmentBinding = "%" + InvestmentSetting + "%";

    /// <summary>Mondays at 05:00 UTC: investment totals change a few times a year at most.</summary>
    public const string InvestmentDefault = "0 0 5 * * 1";
}
