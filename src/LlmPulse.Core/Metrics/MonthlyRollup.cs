namespace LlmPulse.Metrics;

/// <summary>
/// A month's figure of a daily series, made from its days by the series' <see cref="MonthRule"/>. It is a derived
/// figure and keeps how it was made: from how many of the month's days, and whether the month was complete
/// (the series had a day on or after the month's last day) when it was computed.
/// </summary>
public sealed record MonthlyRollup(
    string SeriesId,
    Period Month,
    MonthRule Rule,
    decimal Value,
    int DaysWithData,
    bool Partial,
    DateOnly LastDay,
    bool Approximate,
    string ReportedBy,
    DateTimeOffset CollectedAt)
{
    public int DaysInMonth => Month.End.Day;

    /// <summary>
    /// The roll-up of one month from its days (level observations of that month, in any order). Null when the
    /// month has no day. <paramref name="complete"/> says whether the series has a day on or after the month's
    /// last day, which is what makes a month final.
    /// </summary>
    public static MonthlyRollup? FromDays(Series series, Period month, IEnumerable<Observation> days, bool complete)
    {
        var inMonth = days
            .Where(o => o.Measure == Measure.Level && o.Period.Kind == PeriodKind.Day && o.Period.End >= month.Start && o.Period.End <= month.End)
            .OrderBy(o => o.Period)
            .ToArray();
        if (inMonth.Length == 0)
        {
            return null;
        }

        var last = inMonth[^1];
        var value = series.MonthRule switch
        {
            MonthRule.Sum => inMonth.Sum(o => o.Value),
            MonthRule.Last => last.Value,
            MonthRule.Mean => Math.Round(inMonth.Sum(o => o.Value) / inMonth.Length, MaxScale(inMonth) + 1, MidpointRounding.AwayFromZero),
            _ => Median(inMonth.Select(o => o.Value).ToArray()),
        };
        var reporters = string.Join(", ", inMonth.Select(o => o.ReportedBy).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        return new MonthlyRollup(
            series.Id,
            month,
            series.MonthRule,
            value,
            inMonth.Length,
            !complete,
            last.Period.End,
            inMonth.Any(o => o.Approximate),
            reporters,
            inMonth.Max(o => o.CollectedAt));
    }

    /// <summary>Every month's roll-up of the given days; <paramref name="latestDay"/> is the series' latest stored day.</summary>
    public static IEnumerable<MonthlyRollup> FromDays(Series series, IReadOnlyCollection<Observation> days, DateOnly latestDay)
    {
        foreach (var month in days.Where(o => o.Period.Kind == PeriodKind.Day).Select(o => Period.Month(o.Period.End.Year, o.Period.End.Month)).Distinct().Order())
        {
            if (FromDays(series, month, days, latestDay >= month.End) is { } rollup)
            {
                yield return rollup;
            }
        }
    }

    /// <summary>The roll-up as the monthly observation a briefing reads: the same series, one level per month.</summary>
    public Observation ToObservation() =>
        new(SeriesId, Month, Measure.Level, Value, Approximate, ReportedBy, "", CollectedAt);

    private static int MaxScale(IEnumerable<Observation> days) => days.Max(o => (int)o.Value.Scale);

    private static decimal Median(decimal[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2m;
    }
}
