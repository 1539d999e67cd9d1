using System.Text.Json;
using LlmPulse.Briefings;
using LlmPulse.Metrics;

namespace LlmPulse.Rendering.Tests;

/// <summary>
/// A briefing stays a briefing whatever the number of series: the shipped source catalog collected for January to
/// June 2024 (the case that once made 19 pages of daily streaks), and the seeds plus 50 or 500 daily series over
/// three years (once 62 pages, and a render that did not finish), all at most 12 pages, told in months.
/// </summary>
public sealed class BoundedLengthTests
{
    private static readonly DateTimeOffset GeneratedAt = new(2024, 7, 1, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_shipped_catalog_collected_for_six_months_is_at_most_twelve_pages_told_in_months()
    {
        var (series, observations) = CatalogCollected(new DateOnly(2024, 1, 1), new DateOnly(2024, 6, 30));
        var briefing = new BriefingBuilder().Build(new BriefingData(BriefingMonth.Parse("2024-06"), series, observations), GeneratedAt);

        using var pdf = new RenderedPdf(new BriefingRenderer().Render(briefing));

        Assert.InRange(pdf.PageCount, 1, 12);
        Assert.DoesNotContain("consecutive day", pdf.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("previous day", pdf.AllText, StringComparison.Ordinal);
        Assert.All(briefing.KeyFindings.Where(f => f.Text.Contains("Tranco", StringComparison.Ordinal)), f => Assert.DoesNotContain("%", f.Text, StringComparison.Ordinal));
        Assert.Contains(briefing.Sections[0].Blocks.OfType<FigureRowBlock>().SelectMany(r => r.Figures), f => f.Value.EndsWith(" places", StringComparison.Ordinal) || f.Value.EndsWith(" place", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(50)]
    [InlineData(500)]
    public void Seeds_plus_many_daily_series_over_three_years_is_at_most_twelve_pages_and_still_leads_with_the_seed_story(int count)
    {
        var generated = GeneratedSeries.Daily(count, new DateOnly(2020, 10, 1), new DateOnly(2023, 9, 30));
        var seed = SeedBriefings.Build("2023-09");
        var month = BriefingMonth.Parse("2023-09");
        var data = SeedBriefings.Data(month);
        var briefing = new BriefingBuilder().Build(data with { Series = [.. data.Series, .. generated.Series], Observations = [.. data.Observations, .. generated.Observations] }, GeneratedAt);

        using var pdf = new RenderedPdf(new BriefingRenderer().Render(briefing));

        Assert.InRange(pdf.PageCount, 1, 12);
        Assert.Equal(seed.KeyFindings.Take(3), briefing.KeyFindings.Take(3));
    }

    /// <summary>
    /// Every enabled series of the shipped sources.json (SimilarWeb's paid ones left out, as a new user without a key
    /// has them), with figures in each source's shape: ranks that climb one place a day, as in the original report,
    /// closes and counts that wander, monthly article views, one annual investment total.
    /// </summary>
    private static (IReadOnlyList<Series> Series, IReadOnlyList<Observation> Observations) CatalogCollected(DateOnly from, DateOnly to)
    {
        using var catalog = JsonDocument.Parse(File.ReadAllText(Path.Combine(SeedBriefings.RepositoryRoot, "src", "LlmPulse.Core", "Collectors", "sources.json")));
        var random = new Random(19);
        var series = new List<Series>();
        var observations = new List<Observation>();
        foreach (var source in catalog.RootElement.GetProperty("Sources").EnumerateObject())
        {
            if (source.Value.GetProperty("Adapter").GetString() == "similarweb")
            {
                continue;
            }

            var reportedBy = source.Value.GetProperty("ReportedBy").GetString()!;
            foreach (var entry in source.Value.GetProperty("Series").EnumerateObject())
            {
                var s = entry.Value;
                Assert.True(MetricNames.TryParseCategory(s.GetProperty("Category").GetString()!, out var category));
                Assert.True(MetricNames.TryParseFrequency(s.GetProperty("Frequency").GetString()!, out var frequency));
                var definition = new Series(entry.Name, category, s.GetProperty("Name").GetString()!, s.GetProperty("Unit").GetString()!, frequency, reportedBy);
                series.Add(definition);
                Observation Obs(Period period, decimal value) => new(definition.Id, period, Measure.Level, value, false, reportedBy, "", GeneratedAt);
                switch (frequency)
                {
                    case Frequency.Daily:
                        var value = definition.Unit == "rank" ? 40m + random.Next(60) : 100m + random.Next(1000);
                        for (var day = from; day <= to; day = day.AddDays(1))
                        {
                            value = definition.Unit == "rank" ? value + 1 : Math.Round(value * (1m + ((decimal)random.NextDouble() - 0.5m) / 25m), 2);
                            observations.Add(Obs(Period.Day(day), value));
                        }

                        break;
                    case Frequency.Monthly:
                        for (var month = from; month <= to; month = month.AddMonths(1))
                        {
                            observations.Add(Obs(Period.Month(month.Year, month.Month), 100_000m + random.Next(900_000)));
                        }

                        break;
                    default:
                        observations.Add(Obs(Period.Year(from.Year - 1), 95_990_000_000m));
                        break;
                }
            }
        }

        return (series, observations);
    }
}
