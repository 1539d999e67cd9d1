using LlmPulse.Metrics;

namespace LlmPulse.Collectors;

/// <summary>Period arithmetic the collectors need: which period a day falls in, and how far back a window starts.</summary>
public static class Periods
{
    /// <summary>The period of <paramref name="frequency"/> that holds <paramref name="day"/> (a day for irregular series).</summary>
    public static Period Containing(DateOnly day, Frequency frequency) => frequency switch
    {
        Frequency.Monthly => Period.Month(day.Year, day.Month),
        Frequency.Quarterly => Period.Quarter(day.Year, ((day.Month - 1) / 3) + 1),
        Frequency.HalfYearly => Period.Half(day.Year, ((day.Month - 1) / 6) + 1),
        Frequency.Annual => Period.Year(day.Year),
        _ => Period.Day(day),
    };

    /// <summary>
    /// The first day to ask for so that <paramref name="overlap"/> periods before <paramref name="latest"/> are asked
    /// again along with it (days for irregular series).
    /// </summary>
    public static DateOnly OverlapStart(Period latest, int overlap, Frequency frequency)
    {
        var start = Containing(latest.End, frequency).Start;
        return frequency switch
        {
            Frequency.Monthly => start.AddMonths(-overlap),
            Frequency.Quarterly => start.AddMonths(-3 * overlap),
            Frequency.HalfYearly => start.AddMonths(-6 * overlap),
            Frequency.Annual => start.AddYears(-overlap),
            _ => latest.End.AddDays(-overlap),
        };
    }

    /// <summary>
    /// The whole months within [<paramref name="from"/>, <paramref name="to"/>], from the month that holds
    /// <paramref name="from"/> to the last month that has ended by <paramref name="to"/>; null when there is none.
    /// </summary>
    public static (DateOnly FirstMonthStart, DateOnly LastMonthEnd)? CompleteMonths(DateOnly from, DateOnly to)
    {
        var first = new DateOnly(from.Year, from.Month, 1);
        var lastEnd = new DateOnly(to.Year, to.Month, 1).AddMonths(1).AddDays(-1);
        if (lastEnd > to)
        {
            lastEnd = new DateOnly(to.Year, to.Month, 1).AddDays(-1);
        }

        return lastEnd < first ? null : (first, lastEnd);
    }
}
