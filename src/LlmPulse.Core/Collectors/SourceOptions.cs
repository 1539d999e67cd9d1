namespace LlmPulse.Collectors;

/// <summary>
/// The <c>Sources</c> configuration section: a dictionary keyed by source id, shipped as <c>sources.json</c> and
/// overridable the standard way (<c>Sources__{id}__{Setting}</c>).
/// </summary>
public sealed class SourceCatalogOptions
{
    public const string SectionName = "Sources";

    public Dictionary<string, SourceOptions> Sources { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One source as configured: an adapter, where it answers, the series it writes and its parameters.</summary>
public sealed class SourceOptions
{
    /// <summary>similarweb, wikimedia-pageviews, tranco, eastmoney-board, yahoo-chart or csv-feed.</summary>
    public string Adapter { get; set; } = "";

    public bool Enabled { get; set; } = true;

    /// <summary>traffic, indexes or investment: the timer that collects it.</summary>
    public string Group { get; set; } = "";

    /// <summary>The service's address; the real one by default, a local server in tests.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Who reported the figures, stored with each observation (reported_by).</summary>
    public string ReportedBy { get; set; } = "";

    /// <summary>From configuration only (a Key Vault reference in Azure), never from the shipped file; never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The first day asked for when nothing of a series is stored yet.</summary>
    public string? Since { get; set; }

    /// <summary>
    /// Periods asked again before the latest stored one, to pick up revisions. Default: 7 days, 2 months, or 1
    /// quarter, half or year, by the series' frequency.
    /// </summary>
    public int? OverlapPeriods { get; set; }

    /// <summary>A period is asked for only once it ended this many days ago (the source publishes it late).</summary>
    public int PublicationLagDays { get; set; }

    /// <summary>Least time between two requests to the source, for sources with a rate limit.</summary>
    public TimeSpan RequestInterval { get; set; }

    /// <summary>Adapter parameters shared by the source's series; a series' own parameters win.</summary>
    public Dictionary<string, string> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The series the source writes, keyed by series id.</summary>
    public Dictionary<string, SeriesOptions> Series { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One series a source writes, registered in the series table as configured here.</summary>
public sealed class SeriesOptions
{
    public bool Enabled { get; set; } = true;

    public string Name { get; set; } = "";

    /// <summary>traffic, index, investment, launches, company or market.</summary>
    public string Category { get; set; } = "";

    public string Unit { get; set; } = "";

    /// <summary>daily, monthly, quarterly, half-yearly, annual or irregular.</summary>
    public string Frequency { get; set; } = "";

    /// <summary>level (default), change_pct or yoy_pct.</summary>
    public string Measure { get; set; } = "level";

    /// <summary>How a month is made from the days of a daily series: sum, last, mean or median; empty for the unit's default.</summary>
    public string? MonthRule { get; set; }

    /// <summary>higher_is_better, lower_is_better or neutral; empty for the unit's default.</summary>
    public string? Direction { get; set; }

    /// <summary>Whether a percentage change of the figure means anything; empty for the unit's default (false for ranks and shares).</summary>
    public bool? PercentChange { get; set; }

    /// <summary>Adapter parameters of this series (an article, a domain, a ticker, a column).</summary>
    public Dictionary<string, string> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);
}
