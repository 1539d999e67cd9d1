using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Core.Diagnostics;
using Azure.Data.Tables;
using LlmPulse.Briefings;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using LlmPulse.Testing;

namespace LlmPulse.Tests.Storage;

/// <summary>
/// A briefing's load reads the observations of its non-daily series (and of daily series whose month was stored
/// before the copies) in a few queries for all of them, and gets exactly what a query per series gets.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class MonthLoadTests(AzuriteServer azurite) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmpulse-monthload-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_load_gives_every_series_the_figures_a_read_per_series_gives_in_three_queries_of_the_observations()
    {
        using var app = new TestApp(azurite.ConnectionString);
        var series = new StringBuilder("id,category,name,unit,frequency,source\n");
        var rows = new StringBuilder("series,period,measure,value,approximate,reported_by,note\n");
        void Monthly(string id, params (string Period, string Measure, string Value)[] figures)
        {
            series.Append(CultureInfo.InvariantCulture, $"{id},market,X {id},users,monthly,S\n");
            foreach (var (period, measure, value) in figures)
            {
                rows.Append(CultureInfo.InvariantCulture, $"{id},{period},{measure},{value},false,S,\"note of {id} {period}\"\n");
            }
        }

        // Twenty non-daily series, more than one filter of Table Storage names: with a figure in March (level and
        // change of one period, in the order a read of the series gives them), with figures only before it, only after it, or none.
        for (var i = 1; i <= 8; i++)
        {
            Monthly($"market.in_month_{i:D2}", ("2023-12", "level", $"{i}0.0"), ("2024-03", "level", $"{i}1.50"), ("2024-03", "change_pct", "2.0"), ("2024-05", "level", "99"));
        }

        for (var i = 1; i <= 4; i++)
        {
            Monthly($"market.before_{i:D2}", ("2023-06", "level", $"{i}"), ("2023-07", "level", $"{i}.0"));
            Monthly($"market.after_{i:D2}", ("2024-04", "level", $"{i}"));
            Monthly($"market.none_{i:D2}");
        }

        // Daily series: one read from its copies, one with a figure only before the month, one whose March copies
        // are deleted below (as stored before the copies), read from the observations in the same queries.
        series.Append("traffic.copied.rank,traffic,Copied,rank,daily,S\ntraffic.january.rank,traffic,January,rank,daily,S\ntraffic.uncopied.rank,traffic,Uncopied,rank,daily,S\n");
        for (var d = new DateOnly(2024, 1, 1); d <= new DateOnly(2024, 4, 10); d = d.AddDays(1))
        {
            rows.Append(CultureInfo.InvariantCulture, $"traffic.copied.rank,{d:yyyy-MM-dd},level,{d.DayNumber % 9},false,S,\n");
            rows.Append(CultureInfo.InvariantCulture, $"traffic.uncopied.rank,{d:yyyy-MM-dd},level,{d.DayNumber % 5},false,S,\n");
        }

        rows.Append("traffic.january.rank,2024-01-15,level,3,false,S,\n");
        File.WriteAllText(Path.Combine(_folder, "series.csv"), series.ToString());
        File.WriteAllText(Path.Combine(_folder, "observations.csv"), rows.ToString());
        await app.Importer.ImportAsync(_folder, CancellationToken.None);
        var march = BriefingMonth.Parse("2024-03");
        var months = new TableClient(azurite.ConnectionString, app.Storage.DaysTable);
        await foreach (var copy in months.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"days|" + march} and RowKey eq {"traffic.uncopied.rank"}")))
        {
            await months.DeleteEntityAsync(copy.PartitionKey, copy.RowKey);
        }

        var (queries, data) = await LoadCountingObservationQueriesAsync(app, march);

        var expected = new List<Observation>();
        foreach (var s in data.Series)
        {
            expected.AddRange(s.Frequency == Frequency.Daily
                ? await app.Metrics.GetObservationsAsync(s.Id, march.FirstDay, march.LastDay, CancellationToken.None)
                : await app.Metrics.GetObservationsAsync(s.Id, null, march.LastDay, CancellationToken.None));
        }

        // Twenty-one series read from the observations, a query each before: now two for the twenty non-daily series
        // (fifteen comparisons at most each), sent with the months table's reads, and one for the uncopied month.
        Assert.Equal(3, queries);
        Assert.Equal(Text(expected), Text(data.Observations));
        Assert.Equal((8 * 3) + (4 * 2) + 31 + 31, data.Observations.Count);
        Assert.Equal(["2023-12", "2024-03", "2024-03"], data.Observations.Where(o => o.SeriesId == "market.in_month_03").Select(o => o.Period.ToString()));
        Assert.Equal([Measure.Level, Measure.ChangePct], data.Observations.Where(o => o.SeriesId == "market.in_month_03" && o.Period.ToString() == "2024-03").Select(o => o.Measure).Order());
        Assert.DoesNotContain(data.Observations, o => o.SeriesId.StartsWith("market.after_", StringComparison.Ordinal) || o.SeriesId == "traffic.january.rank");
        Assert.Equal(31, data.Observations.Count(o => o.SeriesId == "traffic.uncopied.rank"));
    }

    [Fact]
    public async Task The_seed_months_load_as_the_read_per_series_does()
    {
        using var app = new TestApp(azurite.ConnectionString);
        await app.Importer.ImportAsync(TestApp.SeedsFolder, CancellationToken.None);

        foreach (var month in new[] { "2023-05", "2023-07", "2023-09" }.Select(BriefingMonth.Parse))
        {
            var (queries, data) = await LoadCountingObservationQueriesAsync(app, month);
            var expected = new List<Observation>();
            foreach (var s in data.Series.Where(s => s.Frequency != Frequency.Daily))
            {
                expected.AddRange(await app.Metrics.GetObservationsAsync(s.Id, null, month.LastDay, CancellationToken.None));
            }

            // The seeds' 24 non-daily series in two queries, and the two daily ones in one more in a month without
            // copies of days (none before September): 26 queries, one per series, before.
            Assert.Equal(month == BriefingMonth.Parse("2023-09") ? 2 : 3, queries);
            Assert.Equal(Text(expected), Text(data.Observations.Where(o => data.Series.Single(s => s.Id == o.SeriesId).Frequency != Frequency.Daily)));
        }
    }

    [Fact]
    public void Each_filter_names_at_most_fifteen_comparisons_and_every_series_once()
    {
        var windows = Enumerable.Range(0, 40).Select(i => new ObservationWindow(
            string.Create(CultureInfo.InvariantCulture, $"s.{i:D2}'x"),
            (i % 3) == 0 ? null : new DateOnly(2024, 3, 1),
            (i % 3) == 2 ? null : new DateOnly(2024, 3, 31))).ToArray();

        var filters = MetricStore.ObservationFilters(windows);

        Assert.All(filters, f => Assert.InRange(Comparison().Count(f), 2, MetricStore.MaxFilterComparisons));
        var named = filters.SelectMany(f => PartitionName().Matches(f).Select(m => m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal))).ToArray();
        Assert.Equal(windows.Select(w => w.SeriesId).Order(StringComparer.Ordinal), named.Order(StringComparer.Ordinal));
        Assert.Equal(3, filters.Count);
    }

    [GeneratedRegex(@" (eq|ge|lt) ")]
    private static partial Regex Comparison();

    [GeneratedRegex(@"PartitionKey eq '((?:[^']|'')*)'")]
    private static partial Regex PartitionName();

    private static string[] Text(IEnumerable<Observation> observations) =>
        observations.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.SeriesId} {o.Period} {o.Measure} {o.Value} {o.Approximate} {o.ReportedBy} {o.Note} {o.CollectedAt.UtcTicks}")).ToArray();

    private static async Task<(int Queries, BriefingData Data)> LoadCountingObservationQueriesAsync(TestApp app, BriefingMonth month)
    {
        var queries = new ConcurrentQueue<string>();
        using (new AzureEventSourceListener(
            (e, message) =>
            {
                if (e.EventName == "Request" && message.Contains($"/{app.Storage.ObservationsTable}()", StringComparison.Ordinal))
                {
                    queries.Enqueue(message);
                }
            },
            EventLevel.Informational))
        {
            var data = await app.BriefingService.LoadAsync(month, CancellationToken.None);
            return (queries.Count, data);
        }
    }
}
