using System.Text.RegularExpressions;
using LlmPulse.Briefings;
using LlmPulse.Briefings.Localization;
using LlmPulse.Metrics;

namespace LlmPulse.Tests.Briefings;

/// <summary>
/// Figures in millions and more read as a person writes them ("172.3 million visits"), not as the arithmetic left
/// them ("172.27335 million visits"): over generated data whose month totals and reported levels are not round,
/// every figure followed by a scale word, anywhere in the briefing, has at most four significant digits, in both
/// editions alike.
/// </summary>
public sealed partial class ScaledFigureTests
{
    private const int MaxSignificantDigits = 4;

    private static readonly DateTimeOffset GeneratedAt = new(2024, 7, 1, 7, 0, 0, TimeSpan.Zero);
    private static readonly BriefingMonth June = BriefingMonth.Parse("2024-06");

    // A number (Western digits, as both editions write them) followed by a scale word of either edition.
    [GeneratedRegex(@"(?<![\d.,])(\d[\d,]*(?:\.\d+)?) (million|billion|trillion|مليون|مليار|تريليون)")]
    private static partial Regex ScaledFigure();

    /// <summary>
    /// Generated daily series (ranks, visits whose month totals run to the hundreds of millions, index points)
    /// plus monthly series reported to the visit, as a traffic panel exports them.
    /// </summary>
    private static BriefingData Data()
    {
        var (daily, days) = GeneratedSeries.Daily(9, new DateOnly(2022, 1, 1), June.LastDay);
        var monthly = new[]
        {
            new Series("traffic.exact.visits", SeriesCategory.Traffic, "Exact site visits", "visits", Frequency.Monthly, "Panel"),
            new Series("traffic.big.visits", SeriesCategory.Traffic, "Big site visits", "visits", Frequency.Monthly, "Panel"),
        };
        // One site turns up after four months of falls; the other reaches a new high well above its history, so
        // sentences (a reversal, a record, a year's move) carry scaled figures as well as tables and tiles.
        var random = new Random(40);
        var months = new List<Observation>();
        var i = 0;
        for (var m = new DateOnly(2022, 1, 1); m <= June.LastDay; m = m.AddMonths(1), i++)
        {
            var turn = i switch { 25 => -2_000_000, 26 => -4_000_000, 27 => -6_000_000, 28 => -8_000_000, 29 => 9_000_000, _ => 0 };
            months.Add(new Observation(monthly[0].Id, Period.Month(m.Year, m.Month), Measure.Level, 40_071_002m + turn + random.Next(-300_000, 300_000), false, "Panel", "", GeneratedAt));
            var high = i == 29 ? 600_000_000 : 0;
            months.Add(new Observation(monthly[1].Id, Period.Month(m.Year, m.Month), Measure.Level, 1_874_123_457m + (i * 7_000_000) + high + random.Next(-30_000_000, 30_000_000), false, "Panel", "", GeneratedAt));
        }

        return new BriefingData(June, [.. daily, .. monthly], [.. days, .. months]);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public void No_figure_in_millions_or_more_has_more_than_four_significant_digits(string edition)
    {
        var briefing = new BriefingBuilder().Build(Data(), GeneratedAt, Editions.Language(edition));

        var lines = AllText(briefing);
        var figures = lines.SelectMany(line => ScaledFigure().Matches(line).Select(m => (Line: line, Number: m.Groups[1].Value))).ToArray();

        // Without scaled figures to look at, the rule below would hold by default.
        Assert.True(figures.Length >= 12, $"Only {figures.Length} scaled figures in the {edition} edition.");
        var unrounded = figures.Where(f => SignificantDigits(f.Number) > MaxSignificantDigits).Select(f => f.Line).Distinct().ToArray();
        Assert.True(unrounded.Length == 0, $"Unrounded figures in the {edition} edition:\n" + string.Join("\n", unrounded));
    }

    [Fact]
    public void Both_editions_print_the_same_scaled_figures()
    {
        var data = Data();
        var english = ScaledNumbers(new BriefingBuilder().Build(data, GeneratedAt, BriefingLanguage.English));
        var arabic = ScaledNumbers(new BriefingBuilder().Build(data, GeneratedAt, BriefingLanguage.Arabic));

        Assert.NotEmpty(english);
        Assert.Equal(english, arabic);
    }

    [Theory]
    [InlineData(172_273_349.980794, "172.3 million")]
    [InlineData(40_071_002, "40.07 million")]
    [InlineData(1_874_123_457, "1.874 billion")]
    [InlineData(1_900_000_000, "1.9 billion")]
    [InlineData(33_420_000, "33.42 million")]
    [InlineData(14_000_000, "14 million")]
    [InlineData(999_960_000, "1 billion")]
    [InlineData(-2_345_678, "-2.346 million")]
    [InlineData(1_818.68, "1,818.68")]
    public void A_figure_in_words_keeps_four_significant_digits_and_a_round_one_reads_as_before(double value, string expected)
    {
        Assert.Equal(expected, FigureFormat.Compact((decimal)value));
        Assert.Equal(
            expected.Replace("million", "مليون", StringComparison.Ordinal).Replace("billion", "مليار", StringComparison.Ordinal),
            FigureFormatter.Arabic.Compact((decimal)value));
    }

    private static string[] ScaledNumbers(Briefing briefing) =>
        [.. AllText(briefing).SelectMany(line => ScaledFigure().Matches(line).Select(m => m.Groups[1].Value)).Order(StringComparer.Ordinal)];

    /// <summary>Digits from the first non-zero one; a whole number's trailing zeros only hold places.</summary>
    private static int SignificantDigits(string number)
    {
        var digits = number.Replace(",", "", StringComparison.Ordinal);
        var whole = !digits.Contains('.', StringComparison.Ordinal);
        digits = digits.Replace(".", "", StringComparison.Ordinal).TrimStart('0');
        return (whole ? digits.TrimEnd('0') : digits).Length;
    }

    /// <summary>Every string of the model a reader sees: findings, cover, headings, paragraphs, tiles, tables, lists, chart titles.</summary>
    private static List<string> AllText(Briefing briefing)
    {
        var lines = new List<string> { briefing.Title, briefing.Subtitle, briefing.Document.Subject };
        lines.AddRange(briefing.KeyFindings.Select(f => f.Text));
        if (briefing.Cover is { } cover)
        {
            lines.AddRange(cover.Changes);
            lines.AddRange(cover.Tiles.SelectMany(t => new[] { t.Label, t.Value, t.Change, t.Source }).OfType<string>());
        }

        foreach (var section in briefing.Sections)
        {
            lines.Add(section.Title);
            foreach (var block in section.Blocks)
            {
                lines.AddRange(block switch
                {
                    HeadingBlock h => [h.Text],
                    ParagraphBlock p => [p.Text],
                    FigureRowBlock f => f.Figures.SelectMany(k => new[] { k.Label, k.Value, k.Detail }).OfType<string>(),
                    ChartBlock c => [c.Title, c.YAxisLabel],
                    SmallMultiplesBlock g => [g.Title, g.YAxisLabel, .. g.Series.Select(s => s.Name)],
                    TableBlock t => [.. t.Columns, .. t.Rows.SelectMany(r => r), t.Caption ?? ""],
                    CompactTableBlock t => [.. t.Columns, .. t.Rows.SelectMany(r => r.Cells), t.Caption ?? ""],
                    BulletListBlock b => b.Items,
                    _ => [],
                });
            }
        }

        return lines;
    }
}
