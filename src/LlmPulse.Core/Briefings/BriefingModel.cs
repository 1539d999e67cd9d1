namespace LlmPulse.Briefings;

// The briefing model is the seam between data and drawing: the builder fills it from stored observations,
// the renderer draws it. Every string here is final display text (already formatted and worded); numbers kept
// as doubles exist only so charts can be plotted.

/// <summary>
/// One monthly briefing, ready to render, in one language: <see cref="Language"/> tells the renderer the
/// edition's direction (Arabic is right to left) and the words it adds itself (page numbers, legends).
/// </summary>
public sealed record Briefing(
    BriefingMonth Month,
    string Title,
    string Subtitle,
    DateOnly DataAsOf,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<Finding> KeyFindings,
    IReadOnlyList<BriefingSection> Sections,
    BriefingDocumentInfo Document,
    BriefingLanguage Language = BriefingLanguage.English,
    BriefingCover? Cover = null);

/// <summary>PDF document properties (title, author, subject, keywords).</summary>
public sealed record BriefingDocumentInfo(string Title, string Author, string Subject, string Keywords);

/// <summary>A plain-language statement computed from the data, shown on the cover.</summary>
public sealed record Finding(string Text);

/// <summary>A titled part of the briefing made of blocks drawn top to bottom.</summary>
public sealed record BriefingSection(string Title, IReadOnlyList<BriefingBlock> Blocks);

/// <summary>A piece of a section. The renderer draws each kind with one reusable component.</summary>
public abstract record BriefingBlock;

/// <summary>A sub-heading inside a section, e.g. one per series.</summary>
public sealed record HeadingBlock(string Text) : BriefingBlock;

/// <summary>
/// Body text. <see cref="TextTone.Note"/> is for remarks such as "latest data is from June";
/// <see cref="TextTone.Summary"/> is the one-line summary that opens a section.
/// </summary>
public sealed record ParagraphBlock(string Text, TextTone Tone = TextTone.Body) : BriefingBlock;

public enum TextTone
{
    Body,
    Note,
    Summary,
}

/// <summary>A row of key-figure tiles.</summary>
public sealed record FigureRowBlock(IReadOnlyList<KeyFigure> Figures) : BriefingBlock;

/// <summary>
/// One key figure: "Visits, Jul 2023" / "1.5 billion" / "-9.6% vs June". <see cref="Origin"/> and
/// <see cref="Approximate"/> are shown as markers so a reader can tell reported from derived.
/// </summary>
public sealed record KeyFigure(
    string Label,
    string Value,
    string? Detail,
    FigureOrigin Origin,
    bool Approximate);

public enum FigureOrigin
{
    Reported,
    Derived,
}

/// <summary>A chart. Line charts plot points by <see cref="SeriesPoint.Date"/>; bar charts by label, in order.</summary>
public sealed record ChartBlock(
    string Title,
    string YAxisLabel,
    ChartKind Kind,
    IReadOnlyList<ChartSeries> Series) : BriefingBlock;

public enum ChartKind
{
    Line,
    Bar,
}

/// <summary>
/// One plotted series. <see cref="SeriesId"/> is the stored series' id: names differ between editions, and the
/// renderer keys each series' colour on the id so a series keeps its colour on every chart of both editions.
/// <see cref="LowerIsBetter"/> (a rank) makes the lowest value the series' peak, the one a chart labels.
/// </summary>
public sealed record ChartSeries(string Name, IReadOnlyList<SeriesPoint> Points, string? SeriesId = null, bool LowerIsBetter = false);

/// <summary>
/// Several comparable series (one unit) as a grid of small line charts on one shared y scale, each titled with its
/// series' name: one tangled chart of many lines is hard to read, separate charts with their own scales mislead.
/// </summary>
public sealed record SmallMultiplesBlock(
    string Title,
    string YAxisLabel,
    IReadOnlyList<ChartSeries> Series) : BriefingBlock;

/// <summary>One plotted point. <see cref="Label"/> is the period as a reader reads it ("Jul 2023", "2023 Q2").</summary>
public sealed record SeriesPoint(DateOnly Date, string Label, double Value, bool Approximate);

/// <summary>A table; every row has as many cells as there are columns.</summary>
public sealed record TableBlock(
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<string>> Rows,
    string? Caption = null) : BriefingBlock;

/// <summary>A bulleted list, e.g. sources, gaps, methodology notes.</summary>
public sealed record BulletListBlock(IReadOnlyList<string> Items) : BriefingBlock;

/// <summary>
/// A small trend line without axes or labels, drawn inside a tile or a table cell: a series' last months, oldest
/// first, one value per month; null where a month has no figure (drawn as a gap, never as zero).
/// <see cref="Values"/> are plotted only, never printed, so they need no formatting.
/// </summary>
public sealed record Sparkline(IReadOnlyList<double?> Values)
{
    /// <summary>True when there are at least two figures to join: anything less draws nothing.</summary>
    public bool IsDrawable => Values.Count(v => v is not null) >= 2;
}

/// <summary>
/// A compact table: one row per series that a section does not show in full, each with a 12-month
/// <see cref="Sparkline"/> drawn in column <see cref="SparklineColumn"/> (whose cell text is empty).
/// </summary>
public sealed record CompactTableBlock(
    IReadOnlyList<string> Columns,
    IReadOnlyList<CompactRow> Rows,
    int SparklineColumn,
    string? Caption = null) : BriefingBlock;

/// <summary>One row of a <see cref="CompactTableBlock"/>: its cells and its trend.</summary>
public sealed record CompactRow(IReadOnlyList<string> Cells, Sparkline Trend);
