using LlmPulse.Briefings;
using LlmPulse.Metrics;
using LlmPulse.Testing;

namespace LlmPulse.Tests.Briefings;

/// <summary>The cover's at-a-glance band, what changed since the last briefing, and the summary opening each section.</summary>
public sealed class CoverTests
{
    private static readonly DateTimeOffset GeneratedAt = new(2023, 10, 1, 7, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Collected = new(2023, 9, 1, 6, 0, 0, TimeSpan.Zero);

    private static readonly Series Visits = new("traffic.a.visits", SeriesCategory.Traffic, "Product A visits", "visits", Frequency.Monthly, "SimilarWeb");
    private static readonly Series Users = new("traffic.a.users", SeriesCategory.Traffic, "Product A users", "users", Frequency.Monthly, "SimilarWeb");
    private static readonly Series Index = new("index.a", SeriesCategory.Index, "A concept index", "points", Frequency.Daily, "Choice");
    private static readonly Series Investment = new("investment.a", SeriesCategory.Investment, "A investment", "USD", Frequency.Quarterly, "CB Insights");

    private static Observation Obs(Series series, string period, Measure measure, decimal value, DateTimeOffset? collected = null) =>
        new(series.Id, Period.Parse(period), measure, value, false, series.Source, "", collected ?? Collected);

    private static Briefing Build(string month, Observation[] observations, PreviousBriefing? previous = null, BriefingLanguage language = BriefingLanguage.English) =>
        new BriefingBuilder().Build(new BriefingData(BriefingMonth.Parse(month), [Visits, Users, Index, Investment], observations), GeneratedAt, language, previous);

    /// <summary>A year of monthly visits ending in September, falling 10% in the month.</summary>
    private static Observation[] YearOfVisits() =>
        [.. Enumerable.Range(0, 12).Select(i => Obs(Visits, new DateOnly(2022, 10, 1).AddMonths(i).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), Measure.Level, i == 11 ? 900m : 1000m + i))];

    [Fact]
    public void Each_data_section_gets_a_tile_with_its_headline_figure_change_trend_and_source()
    {
        var observations = YearOfVisits()
            .Append(Obs(Index, "2023-08-31", Measure.Level, 200m))
            .Append(Obs(Index, "2023-09-29", Measure.Level, 230m))
            .Append(Obs(Investment, "2023-Q2", Measure.ChangePct, -38m))
            .ToArray();

        var cover = Build("2023-09", observations).Cover!;

        Assert.Equal(["Web traffic", "Index moves", "Investment totals"], cover.Tiles.Select(t => t.Section));
        var traffic = cover.Tiles[0];
        Assert.Equal("Product A visits, Sep 2023", traffic.Label);
        Assert.Equal("900 visits", traffic.Value);
        Assert.Equal("-10.9% vs previous month (derived)", traffic.Change);
        Assert.Equal(ChangeDirection.Down, traffic.Direction);
        Assert.Equal("Source: SimilarWeb", traffic.Source);
        Assert.Equal(12, traffic.Trend!.Values.Count);
        Assert.Equal(900d, traffic.Trend.Values[^1]);
        Assert.Equal(1000d, traffic.Trend.Values[0]);

        var index = cover.Tiles[1];
        Assert.Equal("230 points", index.Value);
        Assert.Equal(ChangeDirection.Up, index.Direction);
        Assert.Equal("+15.0% over the month (derived)", index.Change);
        Assert.Equal([null, null, null, null, null, null, null, null, null, null, 200d, 230d], index.Trend!.Values);

        // Only a change is reported for investment: the tile leads with it, and draws no trend of levels it lacks.
        var investment = cover.Tiles[2];
        Assert.Equal("-38%", investment.Value);
        Assert.Equal("A investment, 2023 Q2", investment.Label);
        Assert.Null(investment.Trend);
        Assert.Equal(ChangeDirection.Down, investment.Direction);
    }

    [Theory]
    [InlineData("rank", "12", "9", "up 3 places vs previous month (derived)", ChangeDirection.Up, "Site rank was 9th in Sep 2023, up 3 places vs previous month (derived).")]
    [InlineData("rank", "9", "12", "down 3 places vs previous month (derived)", ChangeDirection.Down, "Site rank was 12th in Sep 2023, down 3 places vs previous month (derived).")]
    [InlineData("percent", "27.1", "25.0", "-2.1 points vs previous month (derived)", ChangeDirection.Down, "Site rank was 25.0% in Sep 2023, -2.1 points vs previous month (derived).")]
    public void A_rank_or_share_tile_tells_its_change_in_places_or_points_as_its_section_does(string unit, string august, string september, string change, ChangeDirection direction, string summary)
    {
        var series = new Series("traffic.site", SeriesCategory.Traffic, "Site rank", unit, Frequency.Monthly, "Tranco");
        Observation[] observations = [Obs(series, "2023-08", Measure.Level, decimal.Parse(august, System.Globalization.CultureInfo.InvariantCulture)), Obs(series, "2023-09", Measure.Level, decimal.Parse(september, System.Globalization.CultureInfo.InvariantCulture))];

        var briefing = new BriefingBuilder().Build(new BriefingData(BriefingMonth.Parse("2023-09"), [series], observations), GeneratedAt);

        var tile = briefing.Cover!.Tiles[0];
        Assert.Equal(change, tile.Change);
        Assert.Equal(direction, tile.Direction);
        Assert.DoesNotContain("%", tile.Change!, StringComparison.Ordinal);
        Assert.Equal(summary, Assert.IsType<ParagraphBlock>(briefing.Sections[0].Blocks[0]).Text);
    }

    [Fact]
    public void An_arabic_rank_tile_counts_places_too()
    {
        var series = new Series("traffic.site", SeriesCategory.Traffic, "Site rank", "rank", Frequency.Monthly, "Tranco");
        Observation[] observations = [Obs(series, "2023-08", Measure.Level, 12m), Obs(series, "2023-09", Measure.Level, 9m)];

        var briefing = new BriefingBuilder().Build(new BriefingData(BriefingMonth.Parse("2023-09"), [series], observations), GeneratedAt, BriefingLanguage.Arabic);

        var tile = briefing.Cover!.Tiles[0];
        Assert.StartsWith("تقدّم 3 مراكز", tile.Change, StringComparison.Ordinal);
        Assert.DoesNotContain("%", tile.Change!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_without_figures_says_so_on_its_tile()
    {
        var cover = Build("2023-09", YearOfVisits()).Cover!;

        Assert.Equal("No figure yet", cover.Tiles[1].Label);
        Assert.Null(cover.Tiles[1].Value);
        Assert.Null(cover.Tiles[1].Trend);
    }

    [Fact]
    public void What_changed_lists_new_figures_and_series_that_went_quiet()
    {
        Observation[] observations =
        [
            .. YearOfVisits(),
            Obs(Users, "2023-08", Measure.Level, 50m),
            Obs(Index, "2023-09-29", Measure.Level, 230m),
        ];

        var changes = Build("2023-09", observations).Cover!.Changes;

        // A daily series is read as months (issue 14): its new figure is the month's.
        Assert.Equal("New figures for periods ending in September 2023: Product A visits (Sep 2023); A concept index (Sep 2023).", changes[0]);
        Assert.Equal("No earlier briefing is stored, so revisions cannot be told apart from history.", changes[1]);
        Assert.Equal("Reported in August 2023 but not since: Product A users.", changes[2]);
    }

    [Fact]
    public void Figures_for_earlier_periods_collected_after_the_last_briefing_are_listed_as_added_or_revised()
    {
        var lastBriefing = new DateTimeOffset(2023, 9, 1, 7, 0, 0, TimeSpan.Zero);
        Observation[] observations =
        [
            .. YearOfVisits().Select(o => o.Period.ToString() == "2023-07" ? o with { CollectedAt = lastBriefing.AddDays(3) } : o),
            Obs(Users, "2023-06", Measure.Level, 50m, lastBriefing.AddDays(-30)),
        ];

        var revised = Build("2023-09", observations, new PreviousBriefing(BriefingMonth.Parse("2023-08"), lastBriefing)).Cover!.Changes[1];
        Assert.Equal("Added or revised for earlier periods since the last briefing (1 Sep 2023): Product A visits (Jul 2023).", revised);

        var nothing = Build("2023-09", YearOfVisits(), new PreviousBriefing(BriefingMonth.Parse("2023-08"), lastBriefing)).Cover!.Changes[1];
        Assert.Equal("No figure for an earlier period was added or revised since the last briefing (1 Sep 2023).", nothing);
    }

    [Fact]
    public void Long_lists_of_changes_name_four_and_count_the_rest()
    {
        var many = Enumerable.Range(1, 7).Select(i => new Series($"launch.{i}", SeriesCategory.Launches, $"Launch {i}", "models", Frequency.Monthly, "Press")).ToArray();
        var data = new BriefingData(
            BriefingMonth.Parse("2023-09"),
            many,
            [.. many.Select(s => new Observation(s.Id, Period.Parse("2023-09"), Measure.Level, 1m, false, "Press", "", Collected))]);

        var changes = new BriefingBuilder().Build(data, GeneratedAt).Cover!.Changes;

        Assert.Equal("New figures for periods ending in September 2023: Launch 1 (Sep 2023); Launch 2 (Sep 2023); Launch 3 (Sep 2023); Launch 4 (Sep 2023); and 3 more.", changes[0]);
    }

    [Fact]
    public void Each_data_section_opens_with_a_summary_of_its_headline()
    {
        var briefing = Build("2023-09", [.. YearOfVisits(), Obs(Investment, "2023-Q2", Measure.ChangePct, -38m)]);

        var traffic = briefing.Sections.Single(s => s.Title == "Web traffic");
        var summary = Assert.IsType<ParagraphBlock>(traffic.Blocks[0]);
        Assert.Equal(TextTone.Summary, summary.Tone);
        Assert.Equal("Product A visits was 900 visits in Sep 2023, -10.9% vs previous month (derived).", summary.Text);

        var investment = briefing.Sections.Single(s => s.Title == "Investment totals");
        Assert.Equal("A investment: -38% against the previous quarter in 2023 Q2; no level was reported.", ((ParagraphBlock)investment.Blocks[0]).Text);

        // No figures, no summary: the section's own "none" sentence opens it.
        var indexes = briefing.Sections.Single(s => s.Title == "Index moves");
        Assert.NotEqual(TextTone.Summary, Assert.IsType<ParagraphBlock>(indexes.Blocks[0]).Tone);
    }

    [Fact]
    public void The_arabic_cover_has_the_same_figures_in_arabic_words()
    {
        var observations = YearOfVisits();
        var english = Build("2023-09", observations).Cover!;
        var arabic = Build("2023-09", observations, language: BriefingLanguage.Arabic).Cover!;

        Assert.Equal(english.Tiles.Select(t => t.Trend?.Values), arabic.Tiles.Select(t => t.Trend?.Values));
        Assert.Equal(english.Tiles.Select(t => t.Direction), arabic.Tiles.Select(t => t.Direction));
        Assert.Equal("حركة المرور على الويب", arabic.Tiles[0].Section);
        Assert.Contains("900", arabic.Tiles[0].Value, StringComparison.Ordinal);
        Assert.Contains("10.9", arabic.Tiles[0].Change, StringComparison.Ordinal);
        Assert.Equal(english.Changes.Count, arabic.Changes.Count);
    }
}

/// <summary>The service compares with the briefing it stored for the month before, in the same edition.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CoverServiceTests(AzuriteServer azurite)
{
    [Fact]
    public async Task A_figure_revised_after_the_last_stored_briefing_is_named_on_the_next_cover()
    {
        using var app = new TestApp(azurite.ConnectionString);
        await app.Importer.ImportAsync(TestApp.SeedsFolder, CancellationToken.None);
        var first = await app.BriefingService.BuildAsync(BriefingMonth.Parse("2023-09"), CancellationToken.None);
        Assert.Equal("No earlier briefing is stored, so revisions cannot be told apart from history.", first.Cover!.Changes[1]);

        await app.BriefingService.CreateAsync(BriefingMonth.Parse("2023-08"), CancellationToken.None);
        app.Time.Advance(TimeSpan.FromDays(2));
        var folder = Directory.CreateTempSubdirectory("llmpulse-revision-");
        try
        {
            File.Copy(Path.Combine(TestApp.SeedsFolder, "series.csv"), Path.Combine(folder.FullName, "series.csv"));
            await File.WriteAllTextAsync(
                Path.Combine(folder.FullName, "observations.csv"),
                "series,period,measure,value,approximate,reported_by,note\ntraffic.chatgpt.visits.world,2023-07,level,1450000000,false,SimilarWeb,\"Revised\"\n");
            await app.Importer.ImportAsync(folder.FullName, CancellationToken.None);
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        var next = await app.BriefingService.BuildAsync(BriefingMonth.Parse("2023-09"), CancellationToken.None);

        Assert.StartsWith("Added or revised for earlier periods since the last briefing", next.Cover!.Changes[1], StringComparison.Ordinal);
        Assert.Contains("ChatGPT web visits, worldwide (Jul 2023)", next.Cover.Changes[1], StringComparison.Ordinal);
        Assert.DoesNotContain("(May 2023)", next.Cover.Changes[1], StringComparison.Ordinal);
    }
}
