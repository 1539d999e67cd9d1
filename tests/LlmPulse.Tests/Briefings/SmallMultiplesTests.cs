using LlmPulse.Briefings;
using LlmPulse.Metrics;

namespace LlmPulse.Tests.Briefings;

/// <summary>
/// When a section gets a grid of small charts: three or more series of one unit, each with a line chart's worth of
/// levels, drawn side by side on one scale instead of one chart each; fewer, or series of different units, keep
/// their own charts. Every chart's series carries its stored id, so the renderer can colour it the same everywhere.
/// </summary>
public sealed class SmallMultiplesTests
{
    private static readonly DateTimeOffset GeneratedAt = new(2023, 10, 1, 7, 0, 0, TimeSpan.Zero);

    private static Series Traffic(string id, string unit) => new($"traffic.{id}", SeriesCategory.Traffic, $"Product {id} {unit}", unit, Frequency.Monthly, "SimilarWeb");

    private static IEnumerable<Observation> Months(Series series, decimal start, decimal step) =>
        Enumerable.Range(0, 12).Select(i =>
        {
            var month = new DateOnly(2022, 10, 1).AddMonths(i);
            return new Observation(series.Id, Period.Month(month.Year, month.Month), Measure.Level, start + (step * i), false, series.Source, "", GeneratedAt);
        });

    private static Briefing Build(BriefingLanguage language, params (Series Series, decimal Start, decimal Step)[] series) =>
        new BriefingBuilder().Build(
            new BriefingData(BriefingMonth.Parse("2023-09"), [.. series.Select(s => s.Series)], [.. series.SelectMany(s => Months(s.Series, s.Start, s.Step))]),
            GeneratedAt,
            language);

    private static BriefingSection Web(Briefing briefing) => briefing.Sections[0];

    [Fact]
    public void Three_series_of_one_unit_are_drawn_as_small_multiples_instead_of_three_charts()
    {
        var (a, b, c, users) = (Traffic("a", "visits"), Traffic("b", "visits"), Traffic("c", "visits"), Traffic("d", "users"));
        var briefing = Build(BriefingLanguage.English, (a, 1_000_000, 50_000), (b, 3_000_000, -20_000), (c, 500_000, 10_000), (users, 200_000, 1_000));

        var grid = Assert.Single(Web(briefing).Blocks.OfType<SmallMultiplesBlock>());
        Assert.Equal("visits", grid.YAxisLabel);
        Assert.Equal("Side by side, on one scale: visits, last 12 months", grid.Title);
        Assert.Equal(new[] { a.Id, b.Id, c.Id }.Order(), grid.Series.Select(s => s.SeriesId!).Order());
        Assert.All(grid.Series, s => Assert.Equal(12, s.Points.Count));

        // The grid opens the section, after its summary; the visits series have no chart of their own, users does.
        Assert.IsType<SmallMultiplesBlock>(Web(briefing).Blocks.SkipWhile(b => b is ParagraphBlock).First());
        var charts = Web(briefing).Blocks.OfType<ChartBlock>().ToList();
        Assert.Equal([users.Id], charts.SelectMany(ch => ch.Series).Select(s => s.SeriesId));

        // The Arabic edition has the same grid with the same series, named in its own words.
        var arabic = Assert.Single(Web(Build(BriefingLanguage.Arabic, (a, 1_000_000, 50_000), (b, 3_000_000, -20_000), (c, 500_000, 10_000), (users, 200_000, 1_000))).Blocks.OfType<SmallMultiplesBlock>());
        Assert.Equal(grid.Series.Select(s => s.SeriesId), arabic.Series.Select(s => s.SeriesId));
        Assert.NotEqual(grid.Title, arabic.Title);
    }

    [Fact]
    public void Two_series_of_one_unit_or_three_of_different_units_keep_their_own_charts()
    {
        var two = Build(BriefingLanguage.English, (Traffic("a", "visits"), 1_000_000, 50_000), (Traffic("b", "visits"), 3_000_000, -20_000), (Traffic("c", "users"), 500_000, 10_000));
        Assert.Empty(two.Sections.SelectMany(s => s.Blocks).OfType<SmallMultiplesBlock>());
        Assert.Equal(3, Web(two).Blocks.OfType<ChartBlock>().Count());
    }

    [Fact]
    public void Every_seed_chart_names_its_stored_series_and_the_seed_month_has_no_grid()
    {
        var folder = Path.Combine(LlmPulse.Testing.AzuriteServer.RepositoryRoot, "seeds");
        var seeds = LlmPulse.Import.SeedFiles.Parse(
            File.ReadAllText(Path.Combine(folder, LlmPulse.Import.SeedFiles.SeriesFile)),
            File.ReadAllText(Path.Combine(folder, LlmPulse.Import.SeedFiles.ObservationsFile)),
            [],
            GeneratedAt);
        var month = BriefingMonth.Parse("2023-09");
        var briefing = new BriefingBuilder().Build(new BriefingData(month, seeds.Series, [.. seeds.Observations.Where(o => o.Period.End <= month.LastDay)]), GeneratedAt);
        var ids = seeds.Series.Select(s => s.Id).ToHashSet();

        var charted = briefing.Sections.SelectMany(s => s.Blocks).OfType<ChartBlock>().SelectMany(c => c.Series).ToList();
        Assert.NotEmpty(charted);
        Assert.All(charted, s => Assert.Contains(s.SeriesId!, ids));
        Assert.Empty(briefing.Sections.SelectMany(s => s.Blocks).OfType<SmallMultiplesBlock>());
    }
}
