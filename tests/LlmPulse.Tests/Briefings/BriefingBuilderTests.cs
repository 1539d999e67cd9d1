using LlmPulse.Briefings;
using LlmPulse.Metrics;

namespace LlmPulse.Tests.Briefings;

public sealed class BriefingBuilderTests
{
    private static readonly DateTimeOffset GeneratedAt = new(2023, 10, 1, 7, 0, 0, TimeSpan.Zero);

    private static readonly Series Visits = new("traffic.a.visits", SeriesCategory.Traffic, "Product A visits", "visits", Frequency.Monthly, "SimilarWeb");
    private static readonly Series Index = new("index.a", SeriesCategory.Index, "A concept index", "points", Frequency.Irregular, "Choice");
    private static readonly Series Investment = new("investment.a", SeriesCategory.Investment, "A investment", "USD", Frequency.Quarterly, "CB Insights");

    private static Observation Obs(Series series, string period, Measure measure, decimal value, bool approximate = false) =>
        new(series.Id, Period.Parse(period), measure, value, approximate, series.Source, "", GeneratedAt);

    private static Briefing Build(string month, params Observation[] observations) =>
        new BriefingBuilder().Build(
            new BriefingData(BriefingMonth.Parse(month), [Visits, Index, Investment], observations),
            GeneratedAt);

    private static IEnumerable<string> AllText(Briefing briefing) =>
        briefing.KeyFindings.Select(f => f.Text)
            .Concat(briefing.Sections.SelectMany(s => s.Blocks.SelectMany(BlockText)).Prepend(briefing.Title));

    private static IEnumerable<string> BlockText(BriefingBlock block) => block switch
    {
        HeadingBlock h => [h.Text],
        ParagraphBlock p => [p.Text],
        FigureRowBlock f => f.Figures.SelectMany(k => new[] { k.Label, k.Value, k.Detail ?? "" }),
        TableBlock t => t.Columns.Concat(t.Rows.SelectMany(r => r)),
        BulletListBlock b => b.Items,
        ChartBlock c => c.Series.SelectMany(s => s.Points.Select(p => p.Label)).Prepend(c.Title),
        _ => [],
    };

    private static BriefingSection Section(Briefing briefing, string title) => briefing.Sections.Single(s => s.Title == title);

    private static KeyFigure Tile(BriefingSection section, string labelStart) =>
        section.Blocks.OfType<FigureRowBlock>().SelectMany(r => r.Figures).First(f => f.Label.StartsWith(labelStart, StringComparison.Ordinal));

    [Fact]
    public void A_reported_change_is_shown_as_reported_and_wins_over_the_derived_one()
    {
        var briefing = Build("2023-07",
            Obs(Visits, "2023-06", Measure.Level, 200),
            Obs(Visits, "2023-07", Measure.Level, 150),
            Obs(Visits, "2023-07", Measure.ChangePct, -9.6m));

        var tile = Tile(Section(briefing, "Web traffic"), "Change vs previous month");
        Assert.Equal("-9.6%", tile.Value);
        Assert.Equal(FigureOrigin.Reported, tile.Origin);
    }

    [Fact]
    public void A_change_without_a_report_is_derived_from_two_levels_with_one_decimal()
    {
        var briefing = Build("2023-07",
            Obs(Visits, "2023-06", Measure.Level, 1_900_000_000),
            Obs(Visits, "2023-07", Measure.Level, 1_500_000_000));

        var section = Section(briefing, "Web traffic");
        var tile = Tile(section, "Change vs previous month");
        Assert.Equal("-21.1%", tile.Value);
        Assert.Equal(FigureOrigin.Derived, tile.Origin);
        Assert.Equal("1.5 billion visits", Tile(section, "Level").Value);
        Assert.Contains(section.Blocks.OfType<TableBlock>().Single().Rows, r => r[2] == "-21.1% (derived)");
    }

    [Fact]
    public void A_third_consecutive_monthly_decline_is_a_key_finding()
    {
        var briefing = Build("2023-07",
            Obs(Visits, "2023-04", Measure.ChangePct, 2),
            Obs(Visits, "2023-05", Measure.ChangePct, -10),
            Obs(Visits, "2023-06", Measure.ChangePct, -15),
            Obs(Visits, "2023-07", Measure.ChangePct, -4));

        Assert.Contains(briefing.KeyFindings, f => f.Text.StartsWith("Product A visits fell for a third consecutive month in Jul 2023 (-4%)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_month_breaks_a_streak()
    {
        var briefing = Build("2023-07",
            Obs(Visits, "2023-04", Measure.ChangePct, -10),
            Obs(Visits, "2023-06", Measure.ChangePct, -15),
            Obs(Visits, "2023-07", Measure.ChangePct, -4));

        Assert.Contains(briefing.KeyFindings, f => f.Text.Contains("second consecutive month", StringComparison.Ordinal));
        Assert.DoesNotContain(briefing.KeyFindings, f => f.Text.Contains("third", StringComparison.Ordinal));
    }

    [Fact]
    public void The_index_section_computes_month_end_level_change_high_low_and_drawdown()
    {
        var briefing = Build("2023-09",
            Obs(Index, "2023-02", Measure.Level, 1220, approximate: true),
            Obs(Index, "2023-06-20", Measure.Level, 1818.68m),
            Obs(Index, "2023-08-31", Measure.Level, 1500),
            Obs(Index, "2023-09-29", Measure.Level, 1420));

        var section = Section(briefing, "Index moves");
        Assert.Equal("1,420 points", Tile(section, "Month-end level").Value);
        Assert.Equal("-5.3%", Tile(section, "Change over the month").Value);
        Assert.Equal("1,818.68 points", Tile(section, "High").Value);
        Assert.Equal("1,220 points", Tile(section, "Low").Value);
        Assert.True(Tile(section, "Low").Approximate);
        var drawdown = Tile(section, "Drawdown from peak");
        Assert.Equal("-21.9%", drawdown.Value);
        Assert.Equal(FigureOrigin.Derived, drawdown.Origin);
        Assert.Contains(briefing.KeyFindings, f => f.Text.Contains("21.9% below its peak of 1,818.68 points on 20 Jun 2023", StringComparison.Ordinal));
        Assert.Contains(section.Blocks, b => b is ChartBlock { Kind: ChartKind.Line } c && c.Series[0].Points.Count == 4);
    }

    [Fact]
    public void A_new_high_in_the_month_is_a_key_finding()
    {
        var briefing = Build("2023-06",
            Obs(Index, "2023-02", Measure.Level, 1220),
            Obs(Index, "2023-06-20", Measure.Level, 1818.68m));

        Assert.Contains(briefing.KeyFindings, f => f.Text == "A concept index reached a new high of 1,818.68 points on 20 Jun 2023.");
        Assert.Equal("At peak", Tile(Section(briefing, "Index moves"), "Drawdown").Value);
    }

    [Fact]
    public void The_latest_quarter_and_its_change_are_shown_with_a_chart_by_quarter()
    {
        var briefing = Build("2023-07",
            Obs(Investment, "2023-Q1", Measure.Level, 20_000_000_000),
            Obs(Investment, "2023-Q2", Measure.Level, 12_400_000_000));

        var section = Section(briefing, "Investment totals");
        Assert.Equal("USD 12.4 billion", Tile(section, "Level, 2023 Q2").Value);
        Assert.Equal("-38.0%", Tile(section, "Change vs previous quarter, 2023 Q2").Value);
        var chart = section.Blocks.OfType<ChartBlock>().Single();
        Assert.Equal(ChartKind.Bar, chart.Kind);
        Assert.Equal(["2023 Q1", "2023 Q2"], chart.Series[0].Points.Select(p => p.Label));
        Assert.Contains(briefing.KeyFindings, f => f.Text.StartsWith("A investment fell 38.0% quarter over quarter in 2023 Q2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_July_briefing_never_shows_August_data()
    {
        var briefing = Build("2023-07",
            Obs(Visits, "2023-07", Measure.Level, 1_500_000_000),
            Obs(Visits, "2023-08", Measure.Level, 1_700_000_000),
            Obs(Index, "2023-08-01", Measure.Level, 999.99m));

        var text = string.Join("\n", AllText(briefing));
        Assert.DoesNotContain("Aug 2023", text);
        Assert.DoesNotContain("1.7 billion", text);
        Assert.DoesNotContain("999.99", text);
        Assert.Equal(new DateOnly(2023, 7, 31), briefing.DataAsOf);
    }

    [Fact]
    public void A_section_whose_latest_data_is_older_than_the_month_says_so()
    {
        var briefing = Build("2023-09", Obs(Visits, "2023-07", Measure.Level, 1_500_000_000));

        var notes = Section(briefing, "Web traffic").Blocks.OfType<ParagraphBlock>().Where(p => p.Tone == TextTone.Note).Select(p => p.Text);
        Assert.Contains(notes, n => n.StartsWith("Latest figure is for Jul 2023, older than September 2023", StringComparison.Ordinal));
    }

    [Fact]
    public void Sparse_data_gives_words_not_an_empty_chart()
    {
        var briefing = Build("2023-07", Obs(Visits, "2023-07", Measure.Level, 1_500_000_000));

        var section = Section(briefing, "Web traffic");
        Assert.DoesNotContain(section.Blocks, b => b is ChartBlock);
        Assert.Contains(section.Blocks, b => b is ParagraphBlock p && p.Text.StartsWith("Too little data for a chart", StringComparison.Ordinal));
        Assert.Contains(Section(briefing, "Index moves").Blocks, b => b is ParagraphBlock p && p.Text.StartsWith("No index levels are stored", StringComparison.Ordinal));
    }

    [Fact]
    public void Reported_precision_is_kept()
    {
        var briefing = Build("2023-07",
            Obs(Index, "2023-07-03", Measure.Level, 1818.60m),
            Obs(Visits, "2023-07", Measure.ChangePct, -3));

        Assert.Equal("1,818.60 points", Tile(Section(briefing, "Index moves"), "Month-end level").Value);
        Assert.Equal("-3%", Tile(Section(briefing, "Web traffic"), "Change vs previous month").Value);
    }

    [Fact]
    public void The_cover_has_three_to_five_findings_and_gaps_are_listed()
    {
        var briefing = Build("2023-09",
            Obs(Visits, "2023-07", Measure.Level, 1_500_000_000),
            Obs(Index, "2023-09-01", Measure.Level, 1420));

        Assert.InRange(briefing.KeyFindings.Count, 3, 5);
        var gaps = Section(briefing, "Sources and methodology").Blocks.OfType<BulletListBlock>().Last().Items;
        Assert.Contains("Product A visits: no figure for September 2023; latest is Jul 2023.", gaps);
        Assert.Contains("A investment: no figure yet.", gaps);
        Assert.DoesNotContain(gaps, g => g.StartsWith("A concept index", StringComparison.Ordinal));
    }

    [Fact]
    public void Sources_cite_who_reported_each_figure_used()
    {
        var briefing = Build("2023-07", Obs(Visits, "2023-07", Measure.Level, 1_500_000_000), Obs(Index, "2023-07-03", Measure.Level, 1500));

        var sources = Section(briefing, "Sources and methodology").Blocks.OfType<BulletListBlock>().First().Items;
        Assert.Contains(sources, s => s.StartsWith("SimilarWeb: Product A visits", StringComparison.Ordinal));
        Assert.Contains(sources, s => s.StartsWith("Choice: A concept index", StringComparison.Ordinal));
    }

    [Fact]
    public void A_daily_series_is_read_as_months()
    {
        var daily = new Series("index.daily", SeriesCategory.Index, "Daily concept index", "points", Frequency.Daily, "Eastmoney");
        var start = new DateOnly(2023, 5, 1);
        var observations = Enumerable.Range(0, 92)
            .Select(i => new Observation(daily.Id, Period.Day(start.AddDays(i)), Measure.Level, 1000 + i, false, "Eastmoney", "", GeneratedAt))
            .ToArray();

        var briefing = new BriefingBuilder().Build(new BriefingData(BriefingMonth.Parse("2023-07"), [daily], observations), GeneratedAt);

        var section = Section(briefing, "Index moves");
        Assert.Empty(section.Blocks.OfType<TableBlock>());
        Assert.Equal("Month-end, 31 of 31 days; Eastmoney", Tile(section, "Month-end level").Detail);
        var chart = section.Blocks.OfType<ChartBlock>().Single();
        Assert.Equal(["May 2023", "Jun 2023", "Jul 2023"], chart.Series[0].Points.Select(p => p.Label));
        Assert.Equal("+2.9%", Tile(section, "Change over the month").Value); // 1,091 against 1,060 on 30 June
        Assert.Equal(FigureOrigin.Derived, Tile(section, "Month-end level").Origin);
    }

    [Fact]
    public void A_daily_company_series_is_one_signal_per_month_its_last_close()
    {
        var price = new Series("company.x.share_price", SeriesCategory.Company, "X share price", "USD", Frequency.Daily, "Yahoo Finance");
        var observations = Enumerable.Range(1, 20)
            .Select(d => new Observation(price.Id, Period.Day(new DateOnly(2023, 7, d)), Measure.Level, 100m + d, false, "Yahoo Finance", "", GeneratedAt))
            .ToArray();

        var briefing = new BriefingBuilder().Build(new BriefingData(BriefingMonth.Parse("2023-07"), [price], observations), GeneratedAt);

        var row = Assert.Single(Section(briefing, "Other signals in the month").Blocks.OfType<TableBlock>().Single().Rows);
        Assert.Equal(("20 Jul 2023", "USD 120"), (row[1], row[2]));
    }

    [Fact]
    public void Approximate_figures_are_marked_and_explained()
    {
        var briefing = Build("2023-07", Obs(Index, "2023-07-03", Measure.Level, 1420, approximate: true));

        Assert.True(Tile(Section(briefing, "Index moves"), "Month-end level").Approximate);
        var text = string.Join("\n", AllText(briefing));
        Assert.Contains("A concept index, 3 Jul 2023: ~1,420 points", text);
    }
}
