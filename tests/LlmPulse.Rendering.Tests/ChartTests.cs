using System.Globalization;
using LlmPulse.Briefings;
using LlmPulse.Briefings.Localization;
using LlmPulse.Metrics;
using LlmPulse.Rendering.Charts;
using LlmPulse.Rendering.Text;
using SkiaSharp;

namespace LlmPulse.Rendering.Tests;

/// <summary>
/// What a reader sees of the charts: a series has one colour on every chart and in both editions, each line
/// names its peak and latest value, x labels never run into each other however long the history, and a section
/// of several comparable series gets a grid of small charts on one scale.
/// </summary>
public sealed class ChartTests
{
    private const float ChartWidth = 483f;
    private const float PanelWidth = 153f;
    private static readonly BriefingRenderer Renderer = new();

    [Fact]
    public void A_series_has_the_same_colour_on_every_chart_and_its_legend_colour_follows()
    {
        var visits = Series("traffic.visits", "Visits", 1e9, 2e9, 1.5e9);
        var users = Series("traffic.users", "Users", 1e8, 2e8, 3e8);
        var both = new ChartBlock("Visits and users", "Count", ChartKind.Line, [visits, users]);

        // The users chart names its series differently, as the other edition would: the id decides the colour.
        var usersAlone = new ChartBlock("Users", "Count", ChartKind.Line, [users with { Name = "المستخدمون" }]);
        var briefing = SampleBriefings.Full() with { Sections = [new BriefingSection("Traffic", [both, usersAlone])] };
        var palette = SeriesPalette.For(briefing);
        using var typography = new Typography();

        using var first = ChartPlots.Create(both, typography, palette);
        using var second = ChartPlots.Create(usersAlone, typography, palette);
        var firstLines = first.Series;
        var secondLine = Assert.Single(second.Series);

        Assert.Equal(firstLines[1].Color, secondLine.Color);
        Assert.NotEqual(firstLines[0].Color, firstLines[1].Color);
        Assert.Equal(palette.ColorOf(users), secondLine.Color);
        Assert.Equal(SeriesPalette.Colors[1], palette.ColorOf(usersAlone.Series[0]));
    }

    [Fact]
    public void The_seed_month_gives_each_series_one_colour_in_both_editions_and_the_pdf_draws_it()
    {
        var english = SeedBriefings.Build("2023-09");
        var arabic = SeedBriefings.Build("2023-09", BriefingLanguage.Arabic);
        var (en, ar) = (SeriesPalette.For(english), SeriesPalette.For(arabic));
        var charted = Charted(english).ToList();
        var arabicById = Charted(arabic).ToDictionary(s => s.SeriesId!);

        Assert.True(charted.Count >= 4, "The seed month charts several series.");
        Assert.All(charted, s => Assert.NotNull(s.SeriesId));
        Assert.All(charted, s => Assert.Equal(en.ColorOf(s), ar.ColorOf(arabicById[s.SeriesId!])));
        Assert.Equal(charted.Count, charted.Select(en.ColorOf).Distinct().Count());

        // The cover's sparklines take their series' chart colours: the traffic tile is ChatGPT visits, blue on both.
        var tiles = english.Cover!.Tiles.Where(t => t.SeriesId is not null).ToList();
        Assert.NotEmpty(tiles);
        Assert.All(tiles, t => Assert.Equal(en.ColorOf(t.SeriesId!), ar.ColorOf(t.SeriesId!)));
        var visits = charted.Single(s => s.SeriesId == tiles[0].SeriesId);
        Assert.Equal(en.ColorOf(visits), en.ColorOf(tiles[0].SeriesId!));

        // Sampled from the rendered page: the first chart's line is the first series' colour, not another's.
        using var page = PagePixels(english, PageIndexOf(english, charted[0]));
        if (page is null)
        {
            Assert.True(Environment.GetEnvironmentVariable("CI") is null, "pdftoppm is not installed: apt-get install -y poppler-utils.");
            return;
        }

        Assert.True(CountNear(page, en.ColorOf(charted[0])) > 40, "The first series' line should be drawn in its colour.");
    }

    [Fact]
    public void Line_charts_name_their_peak_and_latest_value()
    {
        using var pdf = new RenderedPdf(Renderer.Render(SampleBriefings.Full()));
        var page = pdf.PageTexts[pdf.PageIndexOf("ChatGPT monthly visits")];

        // 1.8B in May, 1.5B in July.
        Assert.Contains("Peak 1.8B", page);
        Assert.Contains("Latest 1.5B", page);

        // Both lines of the two-series chart end on their highs: one label each, no separate peak.
        var developer = pdf.PageTexts[pdf.PageIndexOf("Developer activity by platform")];
        Assert.Contains("Latest and peak 1,610", developer);
        Assert.Contains("Latest and peak 2,300", developer);
        Assert.DoesNotContain("Peak 2,300", developer);

        var text = ExtractedText.PdfToText(pdf.Bytes);
        if (text is null)
        {
            Assert.True(Environment.GetEnvironmentVariable("CI") is null, "pdftotext is not installed: apt-get install -y poppler-utils.");
            return;
        }

        Assert.Contains("Peak 1.8B", text);
        Assert.Contains("Latest 1.5B", text);
    }

    [Fact]
    public void The_seed_month_annotates_its_line_charts_in_both_editions()
    {
        using var english = new RenderedPdf(Renderer.Render(SeedBriefings.Build("2023-09")));
        Assert.Contains("Peak 1.9B", english.AllText);
        Assert.Contains("Latest 1.5B", english.AllText);

        var arabic = ExtractedText.PdfToText(Renderer.Render(SeedBriefings.Build("2023-09", BriefingLanguage.Arabic)));
        if (arabic is not null)
        {
            var text = ExtractedText.Normalize(arabic);
            Assert.Contains("الذروة", text);
            Assert.Contains("الأحدث", text);
        }
    }

    [Fact]
    public void Peak_and_latest_labels_never_cover_each_other()
    {
        using var typography = new Typography();
        var palette = new SeriesPalette();

        // The peak right before the latest: the worst case for two labels side by side.
        var series = Series("s", "Close", 100, 120, 140, 180, 179);
        var chart = new ChartBlock("Close", "USD", ChartKind.Line, [series]);
        using var plot = ChartPlots.Create(chart, typography, palette);
        ChartPlots.Layout(plot, (int)PanelWidth, 112, typography);

        var placed = ChartPlots.PlaceAnnotations(plot, typography);
        Assert.Equal(["Latest 179", "Peak 180"], placed.Select(p => p.Annotation.Text));
        Assert.False(SKRect.Inflate(placed[0].Box, 1f, 0f).IntersectsWith(placed[1].Box), $"{placed[0].Box} overlaps {placed[1].Box}");
    }

    [Fact]
    public void A_rank_peaks_at_its_lowest_place()
    {
        using var typography = new Typography();
        var rank = Series("rank", "Rank", 40, 12, 25, 31) with { LowerIsBetter = true };
        using var plot = ChartPlots.Create(new ChartBlock("Rank", "rank", ChartKind.Line, [rank]), typography, new SeriesPalette());

        Assert.Equal(["Latest 31", "Peak 12"], plot.Annotations.Select(a => a.Text));
    }

    [Theory]
    [InlineData(36, ChartWidth, "en")]
    [InlineData(120, ChartWidth, "en")]
    [InlineData(120, PanelWidth, "en")]
    [InlineData(36, PanelWidth, "ar")]
    [InlineData(120, ChartWidth, "ar")]
    public void Month_labels_never_collide(int months, float width, string edition)
    {
        var language = Editions.Language(edition);
        var texts = BriefingTexts.For(language);
        var points = Enumerable.Range(0, months)
            .Select(i => new DateOnly(2014, 1, 1).AddMonths(i))
            .Select((d, i) => new SeriesPoint(d, texts.Period(Period.Month(d.Year, d.Month)), 1000 + (i * 7 % 300), false))
            .ToList();

        AssertTicksApart(new ChartBlock("Long", "Visits", ChartKind.Line, [new ChartSeries("Visits", points, "v")]), width, language, points[^1].Label);
        AssertTicksApart(new ChartBlock("Long", "Visits", ChartKind.Bar, [new ChartSeries("Visits", points, "v")]), width, language, points[^1].Label);
    }

    [Theory]
    [InlineData(365, ChartWidth)]
    [InlineData(1096, PanelWidth)]
    public void Day_labels_never_collide_even_when_dates_bunch_up(int days, float width)
    {
        // Irregular days as a collected series has them: most days, then a gap, then two days running.
        var dates = Enumerable.Range(0, days).Select(i => new DateOnly(2021, 1, 1).AddDays(i)).Where(d => d.Day % 9 != 0).ToList();
        var points = dates.Select((d, i) => new SeriesPoint(d, d.ToString("d MMM yyyy", CultureInfo.InvariantCulture), 50 + (i % 17), false)).ToList();

        AssertTicksApart(new ChartBlock("Daily", "Rank", ChartKind.Line, [new ChartSeries("Rank", points, "r")]), width, BriefingLanguage.English, points[^1].Label);
    }

    [Fact]
    public void Irregular_readings_two_days_apart_keep_one_label_and_the_latest()
    {
        // An irregular index as the seeds have it: a few readings, two of them two days apart. Thinning by count
        // labelled all four, and the two June dates printed over each other.
        var dates = new[] { new DateOnly(2023, 1, 31), new DateOnly(2023, 6, 20), new DateOnly(2023, 6, 22), new DateOnly(2023, 9, 13) };
        var points = dates.Select((d, i) => new SeriesPoint(d, d.ToString("d MMM yyyy", CultureInfo.InvariantCulture), 1500 + (i * 90), false)).ToList();

        AssertTicksApart(new ChartBlock("Index", "points", ChartKind.Line, [new ChartSeries("Index", points, "i")]), ChartWidth, BriefingLanguage.English, "13 Sep 2023");
    }

    [Fact]
    public void A_section_of_several_comparable_series_gets_small_multiples_on_one_page()
    {
        var briefing = SeedWithMoreVisits(BriefingLanguage.English);
        var grid = Assert.Single(briefing.Sections[0].Blocks.OfType<SmallMultiplesBlock>());

        using var pdf = new RenderedPdf(Renderer.Render(briefing));
        var page = pdf.PageIndexOf("Side by side, on one scale");
        foreach (var series in grid.Series)
        {
            Assert.Contains(series.Name, pdf.PageTexts[page]);
        }

        // Each panel labels its own latest value.
        Assert.True(RenderedPdf.Count(pdf.PageTexts[page], "Latest ") >= grid.Series.Count);
        Assert.InRange(pdf.PageCount, 2, 8);

        using var arabic = new RenderedPdf(Renderer.Render(SeedWithMoreVisits(BriefingLanguage.Arabic)));
        Assert.Equal(pdf.PageCount, arabic.PageCount);
    }

    [Fact]
    public void Small_multiples_share_one_y_scale()
    {
        var briefing = SeedWithMoreVisits(BriefingLanguage.English);
        var grid = briefing.Sections[0].Blocks.OfType<SmallMultiplesBlock>().Single();
        var limits = ChartPlots.LineYLimits(grid.Series);
        using var typography = new Typography();
        var palette = SeriesPalette.For(briefing);

        var ranges = grid.Series.Select(s =>
        {
            using var plot = ChartPlots.Create(new ChartBlock("", grid.YAxisLabel, ChartKind.Line, [s]), typography, palette, limits);
            return (plot.YMin, plot.YMax);
        }).Distinct().ToList();

        Assert.Equal([(limits.Low, limits.High)], ranges);
    }

    [Fact]
    public void The_seed_month_stays_at_most_eight_pages()
    {
        using var english = new RenderedPdf(Renderer.Render(SeedBriefings.Build("2023-09")));
        using var arabic = new RenderedPdf(Renderer.Render(SeedBriefings.Build("2023-09", BriefingLanguage.Arabic)));

        Assert.InRange(english.PageCount, 2, 8);
        Assert.InRange(arabic.PageCount, 2, 8);
    }

    /// <summary>The seed month with three more monthly visit series in traffic: four series of one unit.</summary>
    internal static Briefing SeedWithMoreVisits(BriefingLanguage language)
    {
        var month = BriefingMonth.Parse("2023-09");
        var data = SeedBriefings.Data(month);
        var sites = new[] { ("claude", "Claude web visits, worldwide", 20e6), ("bard", "Bard web visits, worldwide", 180e6), ("poe", "Poe web visits, worldwide", 60e6) };
        var series = sites.Select(s => new Metrics.Series($"traffic.{s.Item1}.visits.world", SeriesCategory.Traffic, s.Item2, "visits", Frequency.Monthly, "SimilarWeb")).ToList();
        var observations = sites.SelectMany((s, i) => Enumerable.Range(0, 12).Select(m =>
        {
            var d = new DateOnly(2022, 10, 1).AddMonths(m);
            return new Observation($"traffic.{s.Item1}.visits.world", Period.Month(d.Year, d.Month), Measure.Level, (decimal)Math.Round(s.Item3 * (1 + (0.08 * Math.Sin(m + i))) / 1e5) * 100_000m, false, "SimilarWeb", "", SeedBriefings.GeneratedAt);
        })).ToList();
        return new BriefingBuilder().Build(data with { Series = [.. data.Series, .. series], Observations = [.. data.Observations, .. observations] }, SeedBriefings.GeneratedAt, language);
    }

    private static void AssertTicksApart(ChartBlock chart, float width, BriefingLanguage language, string latest)
    {
        using var typography = new Typography(language);
        using var plot = ChartPlots.Create(chart, typography, new SeriesPalette());
        ChartPlots.Layout(plot, (int)width, 180, typography);

        var boxes = ChartPlots.BottomTickBoxes(plot, typography);
        Assert.True(boxes.Count >= 2, $"Only {boxes.Count} labels at {width}pt.");
        Assert.Equal(latest, plot.BottomTicks[^1].Text);
        for (var i = 1; i < boxes.Count; i++)
        {
            Assert.True(boxes[i - 1].Right < boxes[i].Left, $"'{boxes[i - 1].Text}' ({boxes[i - 1].Left:0.0}-{boxes[i - 1].Right:0.0}) runs into '{boxes[i].Text}' ({boxes[i].Left:0.0}-{boxes[i].Right:0.0}).");
        }
    }

    private static ChartSeries Series(string id, string name, params double[] values) =>
        new(name, [.. values.Select((v, i) => new SeriesPoint(new DateOnly(2023, 1, 1).AddMonths(i), new DateOnly(2023, 1, 1).AddMonths(i).ToString("MMM yyyy", CultureInfo.InvariantCulture), v, false))], id);

    private static IEnumerable<ChartSeries> Charted(Briefing briefing) =>
        briefing.Sections.SelectMany(s => s.Blocks).OfType<ChartBlock>().SelectMany(c => c.Series).DistinctBy(s => s.SeriesId);

    private static int PageIndexOf(Briefing briefing, ChartSeries series)
    {
        using var pdf = new RenderedPdf(Renderer.Render(briefing));
        var title = briefing.Sections.SelectMany(s => s.Blocks).OfType<ChartBlock>().First(c => c.Series.Any(s => s.SeriesId == series.SeriesId)).Title;
        return pdf.PageIndexOf(title);
    }

    /// <summary>A page as poppler rasterises it, or null without pdftoppm.</summary>
    private static SKBitmap? PagePixels(Briefing briefing, int page)
    {
        var tool = new[] { "/usr/bin/pdftoppm", "/usr/local/bin/pdftoppm" }.FirstOrDefault(File.Exists);
        if (tool is null)
        {
            return null;
        }
        var folder = Directory.CreateTempSubdirectory("llmpulse-chart-");
        try
        {
            var pdf = Path.Combine(folder.FullName, "b.pdf");
            File.WriteAllBytes(pdf, Renderer.Render(briefing));
            var number = (page + 1).ToString(CultureInfo.InvariantCulture);
            using var process = System.Diagnostics.Process.Start(tool, ["-png", "-r", "100", "-f", number, "-l", number, "-singlefile", pdf, Path.Combine(folder.FullName, "page")])!;
            process.WaitForExit();
            return SKBitmap.Decode(Path.Combine(folder.FullName, "page.png"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static int CountNear(SKBitmap bitmap, SKColor color)
    {
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var p = bitmap.GetPixel(x, y);
                if (Math.Abs(p.Red - color.Red) + Math.Abs(p.Green - color.Green) + Math.Abs(p.Blue - color.Blue) < 30)
                {
                    count++;
                }
            }
        }

        return count;
    }
}
