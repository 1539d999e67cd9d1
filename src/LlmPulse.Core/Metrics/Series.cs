namespace LlmPulse.Metrics;

/// <summary>
/// A metric LlmPulse tracks, such as <c>traffic.chatgpt.visits.world</c>. <see cref="MonthRule"/>,
/// <see cref="Direction"/> and <see cref="PercentChange"/> say how the briefing reads it; when a catalog or
/// series.csv does not declare them they follow the unit (<see cref="SeriesConventions"/>).
/// </summary>
public sealed record Series(
    string Id,
    SeriesCategory Category,
    string Name,
    string Unit,
    Frequency Frequency,
    string Source)
{
    /// <summary>How a month's figure is made from a daily series' days.</summary>
    public MonthRule MonthRule { get; init; } = SeriesConventions.DefaultMonthRule(Unit);

    /// <summary>Whether a rise is good news (visits), bad news (a rank number) or neither.</summary>
    public Direction Direction { get; init; } = SeriesConventions.DefaultDirection(Unit);

    /// <summary>
    /// False when a percentage change of the figure means nothing (a rank, a share): its moves are told in places
    /// or points instead.
    /// </summary>
    public bool PercentChange { get; init; } = SeriesConventions.DefaultPercentChange(Unit);
}

public enum SeriesCategory
{
    Traffic,
    Index,
    Investment,
    Launches,
    Company,
    Market,
}

public enum Frequency
{
    Daily,
    Monthly,
    Quarterly,
    HalfYearly,
    Annual,

    /// <summary>Figures reported at uneven dates; any period form is allowed.</summary>
    Irregular,
}

public enum Measure
{
    /// <summary>The value itself.</summary>
    Level,

    /// <summary>Percent change against the previous period of the series.</summary>
    ChangePct,

    /// <summary>Percent change against the same period a year earlier.</summary>
    YoyPct,
}

/// <summary>How a month is made from the days of a daily series.</summary>
public enum MonthRule
{
    /// <summary>Visits, views: the month is the total of its days.</summary>
    Sum,

    /// <summary>Closing prices, index points, counts at month end: the month is its last day.</summary>
    Last,

    /// <summary>Shares, rates: the month is the average of its days.</summary>
    Mean,

    /// <summary>Ranks: the month is the middle of its days, which one odd day does not move.</summary>
    Median,
}

/// <summary>Which way a series moving is good news.</summary>
public enum Direction
{
    HigherIsBetter,
    LowerIsBetter,
    Neutral,
}
