namespace LlmPulse.Metrics;

/// <summary>
/// What a series' unit implies when its definition does not say: how a month is made from days, which way is
/// good, and whether a percentage change means anything. Ranks and shares are the exceptions the briefing must
/// word differently ("climbed 3 places", "fell 2.1 points"); everything else is a level told in percent.
/// </summary>
public static class SeriesConventions
{
    /// <summary>The unit of a rank series, where 1 is the top.</summary>
    public const string RankUnit = "rank";

    /// <summary>The unit of a share or rate series.</summary>
    public const string PercentUnit = "percent";

    private static readonly HashSet<string> Flows = new(StringComparer.Ordinal) { "visits", "views", "pageviews", "downloads", "questions" };

    private static readonly HashSet<string> GoodWhenHigher = new(StringComparer.Ordinal) { "visits", "views", "pageviews", "downloads", "users", "points", "USD", "CNY", "EUR", "questions" };

    /// <summary>Flows add up (sum); ranks take the median; shares the mean; levels and counts their last day.</summary>
    public static MonthRule DefaultMonthRule(string unit) =>
        Flows.Contains(unit) ? MonthRule.Sum
        : unit == RankUnit ? MonthRule.Median
        : unit == PercentUnit ? MonthRule.Mean
        : MonthRule.Last;

    public static Direction DefaultDirection(string unit) =>
        unit == RankUnit ? Direction.LowerIsBetter
        : GoodWhenHigher.Contains(unit) ? Direction.HigherIsBetter
        : Direction.Neutral;

    public static bool DefaultPercentChange(string unit) => unit is not (RankUnit or PercentUnit);

    /// <summary>Applies the declared rule, direction and percent flag, each only when given (null keeps the unit's default).</summary>
    public static Series With(this Series series, MonthRule? rule, Direction? direction, bool? percentChange) => series with
    {
        MonthRule = rule ?? series.MonthRule,
        Direction = direction ?? series.Direction,
        PercentChange = percentChange ?? series.PercentChange,
    };
}
