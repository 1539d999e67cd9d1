namespace LlmPulse.Metrics;

/// <summary>The spellings used in CSV files, table entities and URLs.</summary>
public static class MetricNames
{
    public static string ToText(this SeriesCategory category) => category switch
    {
        SeriesCategory.Traffic => "traffic",
        SeriesCategory.Index => "index",
        SeriesCategory.Investment => "investment",
        SeriesCategory.Launches => "launches",
        SeriesCategory.Company => "company",
        SeriesCategory.Market => "market",
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    public static string ToText(this Frequency frequency) => frequency switch
    {
        Frequency.Daily => "daily",
        Frequency.Monthly => "monthly",
        Frequency.Quarterly => "quarterly",
        Frequency.HalfYearly => "half-yearly",
        Frequency.Annual => "annual",
        Frequency.Irregular => "irregular",
        _ => throw new ArgumentOutOfRangeException(nameof(frequency)),
    };

    public static string ToText(this Measure measure) => measure switch
    {
        Measure.Level => "level",
        Measure.ChangePct => "change_pct",
        Measure.YoyPct => "yoy_pct",
        _ => throw new ArgumentOutOfRangeException(nameof(measure)),
    };

    public static string ToText(this MonthRule rule) => rule switch
    {
        MonthRule.Sum => "sum",
        MonthRule.Last => "last",
        MonthRule.Mean => "mean",
        MonthRule.Median => "median",
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    public static string ToText(this Direction direction) => direction switch
    {
        Direction.HigherIsBetter => "higher_is_better",
        Direction.LowerIsBetter => "lower_is_better",
        Direction.Neutral => "neutral",
        _ => throw new ArgumentOutOfRangeException(nameof(direction)),
    };

    public static readonly IReadOnlyList<string> Categories = Enum.GetValues<SeriesCategory>().Select(c => c.ToText()).ToArray();
    public static readonly IReadOnlyList<string> Frequencies = Enum.GetValues<Frequency>().Select(f => f.ToText()).ToArray();
    public static readonly IReadOnlyList<string> Measures = Enum.GetValues<Measure>().Select(m => m.ToText()).ToArray();

    public static readonly IReadOnlyList<string> MonthRules = Enum.GetValues<MonthRule>().Select(r => r.ToText()).ToArray();
    public static readonly IReadOnlyList<string> Directions = Enum.GetValues<Direction>().Select(d => d.ToText()).ToArray();

    public static bool TryParseMonthRule(string text, out MonthRule value) => TryParse(text, r => r.ToText(), out value);

    public static bool TryParseDirection(string text, out Direction value) => TryParse(text, d => d.ToText(), out value);

    public static bool TryParseCategory(string text, out SeriesCategory value) => TryParse(text, c => c.ToText(), out value);

    public static bool TryParseFrequency(string text, out Frequency value) => TryParse(text, f => f.ToText(), out value);

    public static bool TryParseMeasure(string text, out Measure value) => TryParse(text, m => m.ToText(), out value);

    private static bool TryParse<T>(string text, Func<T, string> name, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(name(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
