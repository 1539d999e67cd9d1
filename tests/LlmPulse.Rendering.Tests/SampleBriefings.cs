using System.Globalization;
using LlmPulse.Briefings;

namespace LlmPulse.Rendering.Tests;

/// <summary>Briefing models shaped like the builder's output, with the awkward cases a renderer must survive.</summary>
internal static class SampleBriefings
{
    public const string TitleText = "LLM market briefing";
    public const string DerivedTileValue = "-9.6%";
    public const string ApproximateTileValue = "1.5 billion";
    public const string LastTableCell = "Row 60 company";
    public const string OnlyNoteText = "No launch data was reported for July; the latest figures are from June.";
    public const string LongParagraphStart = "Index scores moved little this month.";

    public static Briefing Full() => new(
        new BriefingMonth(2023, 7),
        TitleText,
        "Monthly figures on large language model adoption, investment and launches",
        new DateOnly(2023, 7, 31),
        new DateTimeOffset(2023, 8, 2, 6, 30, 0, TimeSpan.Zero),
        [
            new Finding("ChatGPT had about 1.5 billion visits in July 2023, 9.6% fewer than in June."),
            new Finding("Investment in AI start-ups reached $14.1B in Q2 2023, the highest quarter on record in the tracked data."),
            new Finding("Three model launches were recorded in July."),
        ],
        [
            new BriefingSection("Traffic",
            [
                new HeadingBlock("ChatGPT visits"),
                new FigureRowBlock(
                [
                    new KeyFigure("Visits, Jul 2023", ApproximateTileValue, "worldwide, desktop and mobile web", FigureOrigin.Reported, Approximate: true),
                    new KeyFigure("Change vs June", DerivedTileValue, "calculated month on month", FigureOrigin.Derived, Approximate: false),
                    new KeyFigure("Visits, Jun 2023", "1.66 billion", null, FigureOrigin.Reported, Approximate: false),
                    new KeyFigure("Average visit", "7 min 48 s", "time on site", FigureOrigin.Reported, Approximate: false),
                ]),
                new ChartBlock("ChatGPT monthly visits", "Visits", ChartKind.Line,
                [
                    new ChartSeries("ChatGPT",
                    [
                        Point(2023, 5, 1_800_000_000, approximate: false),
                        Point(2023, 6, 1_660_000_000, approximate: false),
                        Point(2023, 7, 1_500_000_000, approximate: true),
                    ]),
                ]),
                new ParagraphBlock("Traffic figures are estimates from a web analytics panel.", TextTone.Note),
            ]),
            new BriefingSection("Index",
            [
                new ParagraphBlock(LongParagraphStart + " " + string.Join(' ', Enumerable.Repeat(
                    "The composite index combines search interest, developer activity and reported usage, so a flat month usually means the parts moved in opposite directions.", 4))),
                new ChartBlock("Composite index (single reading)", "Index points", ChartKind.Line,
                [
                    new ChartSeries("Composite", [Point(2023, 6, 1818.68, approximate: false)]),
                ]),
                new ChartBlock("Developer activity by platform", "Repositories", ChartKind.Line,
                [
                    new ChartSeries("Open models", [Point(2023, 4, 1200, false), Point(2023, 5, 1350, false), Point(2023, 6, 1610, true)]),
                    new ChartSeries("Hosted APIs", [Point(2023, 4, 2100, false), Point(2023, 5, 2050, false), Point(2023, 6, 2300, false)]),
                ]),
            ]),
            new BriefingSection("Investment",
            [
                new ChartBlock("AI start-up funding by quarter", "US dollars", ChartKind.Bar,
                [
                    new ChartSeries("Funding",
                    [
                        new SeriesPoint(new DateOnly(2022, 10, 1), "2022 Q4", 6_500_000_000, false),
                        new SeriesPoint(new DateOnly(2023, 1, 1), "2023 Q1", 11_200_000_000, false),
                        new SeriesPoint(new DateOnly(2023, 4, 1), "2023 Q2", 14_100_000_000, true),
                    ]),
                ]),
                new TableBlock(
                    ["Company", "Round", "Amount", "Date"],
                    [.. Enumerable.Range(1, 60).Select(i => (IReadOnlyList<string>)
                        [i == 60 ? LastTableCell : $"Company {i:D2}", i % 3 == 0 ? "Series B" : "Seed", $"${i * 12.5:0.0}M", $"2023-{(i % 12) + 1:D2}"])],
                    "Funding rounds recorded in the quarter"),
            ]),
            new BriefingSection("Launches", [new ParagraphBlock(OnlyNoteText, TextTone.Note)]),
            new BriefingSection("Sources and method",
            [
                new BulletListBlock(
                [
                    "Traffic: web analytics panel estimates, monthly.",
                    "Investment: public funding announcements, converted to US dollars at the announcement date.",
                    "Figures marked derived are calculated by LlmPulse from reported values.",
                ]),
            ]),
        ],
        new BriefingDocumentInfo(
            "LlmPulse briefing July 2023",
            "LlmPulse",
            "Monthly LLM market briefing for July 2023",
            "LLM, ChatGPT, AI investment, briefing"));

    /// <summary>A briefing with a chart that has series but no points, next to a normal paragraph.</summary>
    public static Briefing WithEmptyChart() => Full() with
    {
        Sections =
        [
            new BriefingSection("Empty",
            [
                new ParagraphBlock("Before the empty chart."),
                new ChartBlock("Nothing to plot", "Visits", ChartKind.Line, [new ChartSeries("None", [])]),
                new ChartBlock("No series at all", "Visits", ChartKind.Bar, []),
                new ParagraphBlock("After the empty chart."),
            ]),
        ],
    };

    /// <summary>Two years of monthly points and a bar per month: more ticks than fit.</summary>
    public static Briefing LongSeries() => Full() with
    {
        Sections =
        [
            new BriefingSection("Two years",
            [
                new ChartBlock("Monthly visits since launch", "Visits", ChartKind.Line,
                [
                    new ChartSeries("ChatGPT", [.. Enumerable.Range(0, 24).Select(i => Point(2021 + ((7 + i) / 12), ((7 + i) % 12) + 1, 1e8 * (i + 1), approximate: i % 5 == 0))]),
                ]),
                new ChartBlock("Launches per month", "Launches", ChartKind.Bar,
                [
                    new ChartSeries("Launches", [.. Enumerable.Range(0, 24).Select(i => Point(2021 + ((7 + i) / 12), ((7 + i) % 12) + 1, i % 7, approximate: false))]),
                ]),
            ]),
        ],
    };

    /// <summary>Only a cover: no sections, no findings.</summary>
    public static Briefing CoverOnly() => Full() with { KeyFindings = [], Sections = [] };

    private static SeriesPoint Point(int year, int month, double value, bool approximate)
    {
        var date = new DateOnly(year, month, 1);
        return new SeriesPoint(date, date.ToString("MMM yyyy", CultureInfo.InvariantCulture), value, approximate);
    }
}
