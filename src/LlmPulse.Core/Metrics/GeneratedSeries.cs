namespace LlmPulse.Metrics;

/// <summary>
/// Daily series made up for benchmarks and tests of scale: random walks (a fixed seed, so every run sees the same
/// data) of three kinds in turn, a site's rank, a site's visits and a sector index's close, so sections, units and
/// month rules all get their share. Never shipped as data: the ids and the reporter say "generated".
/// </summary>
public static class GeneratedSeries
{
    public const string ReportedBy = "Generated";

    public static (IReadOnlyList<Series> Series, IReadOnlyList<Observation> Observations) Daily(int count, DateOnly from, DateOnly to, int seed = 14)
    {
        var random = new Random(seed);
        var series = new List<Series>(count);
        var observations = new List<Observation>(count * (to.DayNumber - from.DayNumber + 1));
        for (var i = 0; i < count; i++)
        {
            var (definition, start, step) = (i % 3) switch
            {
                0 => (new Series($"traffic.generated.site{i:D3}.rank", SeriesCategory.Traffic, $"Generated site {i:D3} rank", "rank", Frequency.Daily, ReportedBy), 50d + random.Next(500), 0.02),
                1 => (new Series($"traffic.generated.site{i:D3}.visits", SeriesCategory.Traffic, $"Generated site {i:D3} visits", "visits", Frequency.Daily, ReportedBy), 1_000_000d + random.Next(5_000_000), 0.03),
                _ => (new Series($"index.generated.sector{i:D3}", SeriesCategory.Index, $"Generated sector {i:D3} index", "points", Frequency.Daily, ReportedBy), 1000d + random.Next(2000), 0.015),
            };
            series.Add(definition);
            var value = start;
            for (var day = from; day <= to; day = day.AddDays(1))
            {
                value = Math.Max(1, value * (1 + (step * ((random.NextDouble() * 2) - 1))));
                var figure = definition.Unit == "points" ? Math.Round((decimal)value, 2) : Math.Round((decimal)value);
                observations.Add(new Observation(definition.Id, Period.Day(day), Measure.Level, figure, false, ReportedBy, "", DateTimeOffset.UnixEpoch));
            }
        }

        return (series, observations);
    }
}
