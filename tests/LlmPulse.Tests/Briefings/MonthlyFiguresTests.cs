using LlmPulse.Briefings;
using LlmPulse.Import;
using LlmPulse.Jobs;
using LlmPulse.Metrics;
using LlmPulse.Testing;
using Microsoft.Extensions.Options;

namespace LlmPulse.Tests.Briefings;

/// <summary>
/// A briefing of daily data over generated series: ranks in places, shares in points, months not days, findings
/// ranked by how unusual a move is, featured series first, similar findings merged, and a bounded compact table.
/// </summary>
public sealed class MonthlyFiguresTests
{
    private static readonly DateTimeOffset GeneratedAt = new(2024, 7, 1, 7, 0, 0, TimeSpan.Zero);
    private static readonly BriefingMonth June = BriefingMonth.Parse("2024-06");

    private static Series Daily(string id, string unit, SeriesCategory category = SeriesCategory.Traffic) =>
        new(id, category, id + " name", unit, Frequency.Daily, "Gen");

    /// <summary>Days from January to <paramref name="to"/> 2024: a value per day from the month and day.</summary>
    private static IEnumerable<Observation> Days(Series series, Func<DateOnly, decimal> value, DateOnly? to = null)
    {
        for (var d = new DateOnly(2024, 1, 1); d <= (to ?? June.LastDay); d = d.AddDays(1))
        {
            yield return new Observation(series.Id, Period.Day(d), Measure.Level, value(d), false, "Gen", "", GeneratedAt);
        }
    }

    private static Briefing Build(IReadOnlyList<Series> series, IEnumerable<Observation> observations, BriefingBuilder? builder = null, BriefingLanguage language = BriefingLanguage.English) =>
        (builder ?? new BriefingBuilder()).Build(new BriefingData(June, series, observations.ToArray()), GeneratedAt, language);

    /// <summary>A quiet series: a small wobble every month, then a clear move in June.</summary>
    private static decimal Wobble(DateOnly d, decimal level, decimal june) =>
        d.Month == 6 ? june : level + (d.Month % 2);

    [Fact]
    public void A_rank_moves_in_places_and_never_in_percent()
    {
        var rank = Daily("traffic.site.rank", "rank");
        var briefing = Build([rank], Days(rank, d => Wobble(d, 10, 7)));

        Assert.Contains("traffic.site.rank name climbed 4 places to 7th in Jun 2024.", briefing.KeyFindings.Select(f => f.Text));
        var tiles = briefing.Sections[0].Blocks.OfType<FigureRowBlock>().Single().Figures;
        Assert.Equal("7th", tiles[0].Value);
        Assert.Equal("Median, 30 of 30 days; Gen", tiles[0].Detail);
        Assert.Equal("up 4 places", tiles[1].Value);
        Assert.DoesNotContain(briefing.KeyFindings, f => f.Text.Contains('%', StringComparison.Ordinal));
    }

    [Fact]
    public void A_share_moves_in_points()
    {
        var share = Daily("traffic.site.share", "percent");
        var briefing = Build([share], Days(share, d => d.Month == 6 ? 25.0m : 27.1m));

        var finding = Assert.Single(briefing.KeyFindings, f => f.Text.StartsWith("traffic.site.share name", StringComparison.Ordinal));
        Assert.StartsWith("traffic.site.share name fell 2.1 points to 25", finding.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_count_months_not_days_and_a_usual_move_is_not_news()
    {
        var random = new Random(14);
        var walk = Daily("traffic.walk.visits", "visits");
        var flat = Daily("traffic.flat.visits", "visits");
        var level = 1_000_000m;
        var walkDays = Days(walk, _ => level += random.Next(-1000, 1001)).ToArray();
        var briefing = Build([walk, flat], walkDays.Concat(Days(flat, _ => 5000)));

        Assert.DoesNotContain(briefing.KeyFindings, f => f.Text.Contains("day", StringComparison.Ordinal) && f.Text.Contains("consecutive", StringComparison.Ordinal));
        Assert.DoesNotContain(briefing.KeyFindings, f => f.Text.StartsWith("traffic.flat", StringComparison.Ordinal) && f.Text.Contains("fell", StringComparison.Ordinal));
        var chart = briefing.Sections[0].Blocks.OfType<ChartBlock>().First();
        Assert.Equal(6, chart.Series[0].Points.Count);
    }

    [Fact]
    public void A_one_day_spike_does_not_move_a_ranks_month()
    {
        var rank = Daily("traffic.spike.rank", "rank");
        var briefing = Build([rank], Days(rank, d => d == new DateOnly(2024, 6, 15) ? 900 : 12));

        Assert.Equal("12th", briefing.Sections[0].Blocks.OfType<FigureRowBlock>().Single().Figures[0].Value);
        Assert.DoesNotContain(briefing.KeyFindings, f => f.Text.Contains("places", StringComparison.Ordinal));
    }

    [Fact]
    public void A_partial_month_says_from_how_many_days_it_was_made()
    {
        var rank = Daily("traffic.partial.rank", "rank");
        var briefing = Build([rank], Days(rank, d => Wobble(d, 20, 9), new DateOnly(2024, 6, 17)));

        Assert.Contains("traffic.partial.rank name climbed 12 places to 9th in Jun 2024 (partial month: 17 of 30 days).", briefing.KeyFindings.Select(f => f.Text));
        Assert.Equal("Median, 17 of 30 days, partial month; Gen", briefing.Sections[0].Blocks.OfType<FigureRowBlock>().Single().Figures[0].Detail);
    }

    [Fact]
    public void Similar_moves_of_several_series_are_one_finding()
    {
        var ranks = Enumerable.Range(1, 5).Select(i => Daily($"traffic.r{i}.rank", "rank")).ToArray();
        var briefing = Build(ranks, ranks.SelectMany(r => Days(r, d => Wobble(d, 30, 45))));

        var merged = Assert.Single(briefing.KeyFindings, f => f.Text.StartsWith("5 series in Web traffic slipped in June 2024: ", StringComparison.Ordinal));
        Assert.EndsWith(" and 1 more.", merged.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(briefing.KeyFindings, f => f.Text.Contains("slipped 15 places", StringComparison.Ordinal));
    }

    [Fact]
    public void Featured_series_lead_their_section_and_the_findings_and_the_rest_are_one_bounded_row_each()
    {
        var many = Enumerable.Range(1, 40).Select(i => Daily($"traffic.s{i:D2}.visits", "visits")).ToArray();
        var featured = many[^1];
        var builder = new BriefingBuilder(Options.Create(new BriefingOptions { Featured = [featured.Id] }));
        var observations = many.SelectMany((s, i) => Days(s, d => Wobble(d, 1000 + i, d.Month == 6 ? 1000 + i + (i % 7 * 50) : 1000 + i)));

        var briefing = Build(many, observations, builder);

        var traffic = briefing.Sections[0];
        Assert.Equal(featured.Name, traffic.Blocks.OfType<HeadingBlock>().First().Text);
        Assert.StartsWith(featured.Name, briefing.KeyFindings[0].Text, StringComparison.Ordinal);
        Assert.Equal(3, traffic.Blocks.OfType<FigureRowBlock>().Count());
        var compact = traffic.Blocks.OfType<CompactTableBlock>().Single();
        Assert.Equal(24, compact.Rows.Count);
        Assert.All(compact.Rows, r => Assert.Equal(12, r.Trend.Values.Count));
        Assert.Contains(traffic.Blocks.OfType<ParagraphBlock>(), p => p.Text.StartsWith("A further 13 series moved within their usual range in June 2024", StringComparison.Ordinal));
    }

    [Fact]
    public void Seeds_plus_fifty_daily_series_still_lead_with_the_seed_story()
    {
        var seeds = SeedFiles.Parse(
            File.ReadAllText(Path.Combine(AzuriteServer.RepositoryRoot, "seeds", SeedFiles.SeriesFile)),
            File.ReadAllText(Path.Combine(AzuriteServer.RepositoryRoot, "seeds", SeedFiles.ObservationsFile)),
            [],
            GeneratedAt);
        var generated = LlmPulse.Metrics.GeneratedSeries.Daily(50, new DateOnly(2020, 10, 1), new DateOnly(2023, 9, 30));
        var month = BriefingMonth.Parse("2023-09");
        var data = new BriefingData(
            month,
            [.. seeds.Series, .. generated.Series],
            [.. seeds.Observations.Where(o => o.Period.End <= month.LastDay), .. generated.Observations]);

        var briefing = new BriefingBuilder().Build(data, GeneratedAt);

        var findings = briefing.KeyFindings.Select(f => f.Text).ToArray();
        Assert.StartsWith("ChatGPT concept sector index (China A-shares) stood at about 1,420 points in Sep 2023, 21.9% below its peak", findings[0], StringComparison.Ordinal);
        Assert.StartsWith("ChatGPT web traffic, United States fell for a third consecutive month", findings[1], StringComparison.Ordinal);
        Assert.Contains(findings, f => f.StartsWith("Global AI investment fell 38% quarter over quarter", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.Contains("consecutive day", StringComparison.Ordinal));
    }
}
