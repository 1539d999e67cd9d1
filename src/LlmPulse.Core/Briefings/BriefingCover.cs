namespace LlmPulse.Briefings;

/// <summary>
/// What the cover shows under the title: one tile per data section (the month at a glance), then the key findings
/// (<see cref="Briefing.KeyFindings"/>), then what changed since the last briefing.
/// </summary>
public sealed record BriefingCover(IReadOnlyList<CoverTile> Tiles, IReadOnlyList<string> Changes);

/// <summary>
/// A section's headline figure: "Web traffic" / "ChatGPT web visits, worldwide, Jul 2023" / "1.5 billion" /
/// "-9.6% vs previous month", a sparkline of the last 12 months and the source. <see cref="Value"/> is null when the
/// section has no figure yet. <see cref="SeriesId"/> is the headline's stored series, so its sparkline takes the
/// colour the series has in the charts.
/// </summary>
public sealed record CoverTile(
    string Section,
    string Label,
    string? Value,
    string? Change,
    ChangeDirection Direction,
    Sparkline? Trend,
    string? Source,
    FigureOrigin Origin,
    bool Approximate,
    string? SeriesId = null);

/// <summary>Which way a headline figure moved, so a tile can mark it without parsing its text.</summary>
public enum ChangeDirection
{
    None,
    Up,
    Down,
    Flat,
}

/// <summary>The figures the last briefing was made from, to tell what arrived or was revised since.</summary>
/// <param name="Month">The last briefing's month.</param>
/// <param name="GeneratedAt">When it was made: figures collected later are new to its readers.</param>
public sealed record PreviousBriefing(BriefingMonth Month, DateTimeOffset GeneratedAt);
