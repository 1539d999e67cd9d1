namespace LlmPulse.Metrics;

/// <summary>A metric LlmPulse tracks, such as <c>traffic.chatgpt.visits.world</c>.</summary>
public sealed record Series(
    string Id,
    SeriesCategory Category,
    string Name,
    string Unit,
    Frequency Frequency,
    string Source);

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
