using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;
using Azure.Core.Diagnostics;
using LlmPulse.Briefings;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Tests.Storage;

/// <summary>Roll-ups written beside the observations by the importer: idempotent, revised with a day, read by the briefing.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MonthlyRollupStorageTests(AzuriteServer azurite) : IDisposable
{
    private const string Rank = "traffic.x.rank";
    private const string Visits = "traffic.x.visits";
    private readonly string _folder = Directory.CreateTempSubdirectory("llmpulse-rollups-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Import_writes_one_rollup_per_month_with_its_provenance_and_a_rerun_changes_nothing()
    {
        using var app = new TestApp(azurite.ConnectionString);
        WriteDays(new DateOnly(2024, 1, 1), new DateOnly(2024, 3, 20), d => 70 - (d.DayNumber % 3));
        await app.Importer.ImportAsync(_folder, CancellationToken.None);

        var rollups = await Rollups(app).GetAsync(Rank, null, null, CancellationToken.None);
        var again = await app.Importer.ImportAsync(_folder, CancellationToken.None);

        Assert.Equal(["2024-01", "2024-02", "2024-03"], rollups.Select(r => r.Month.ToString()));
        Assert.All(rollups, r => Assert.Equal(MonthRule.Median, r.Rule));
        Assert.Equal([31, 29, 20], rollups.Select(r => r.DaysWithData));
        Assert.Equal([false, false, true], rollups.Select(r => r.Partial));
        Assert.Equal(0, again.ObservationsAdded + again.ObservationsUpdated);
        Assert.Equal(rollups, await Rollups(app).GetAsync(Rank, null, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_revised_day_revises_its_month_and_a_later_day_completes_the_month_before()
    {
        using var app = new TestApp(azurite.ConnectionString);
        WriteDays(new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 30), _ => 10, unit: "visits", id: Visits);
        await app.Importer.ImportAsync(_folder, CancellationToken.None);
        var before = Assert.Single(await Rollups(app).GetAsync(Visits, null, null, CancellationToken.None));

        WriteDays(new DateOnly(2024, 1, 1), new DateOnly(2024, 2, 1), d => d.Day == 5 && d.Month == 1 ? 110 : 10, unit: "visits", id: Visits);
        await app.Importer.ImportAsync(_folder, CancellationToken.None);
        var after = await Rollups(app).GetAsync(Visits, null, null, CancellationToken.None);

        Assert.Equal((300m, true), (before.Value, before.Partial));
        Assert.Equal((410m, 31, false), (after[0].Value, after[0].DaysWithData, after[0].Partial));
        Assert.Equal((10m, 1, true), (after[1].Value, after[1].DaysWithData, after[1].Partial));
    }

    [Fact]
    public async Task The_briefing_loads_rollups_and_only_the_days_of_its_month_and_months_with_data_come_from_the_index()
    {
        using var app = new TestApp(azurite.ConnectionString);
        WriteDays(new DateOnly(2023, 1, 1), new DateOnly(2024, 6, 30), d => 50 + (d.DayNumber % 7));
        await app.Importer.ImportAsync(_folder, CancellationToken.None);

        var data = await app.BriefingService.LoadAsync(BriefingMonth.Parse("2024-03"), CancellationToken.None);
        var months = await app.BriefingService.MonthsWithDataAsync(BriefingMonth.Parse("2024-03"), 3, CancellationToken.None);

        Assert.Equal(31, data.Observations.Count);
        Assert.All(data.Observations, o => Assert.Equal(3, o.Period.End.Month));
        Assert.Equal(15, data.Rollups!.Count);
        Assert.Equal("2024-03", data.Rollups[^1].Month.ToString());
        Assert.Equal(BriefingMonth.Parse("2024-06"), await app.BriefingService.LatestMonthWithDataAsync(CancellationToken.None));
        Assert.Equal(["2024-01", "2024-02", "2024-03"], months.Select(m => m.ToString()));
    }

    [Fact]
    public async Task The_briefing_reads_every_series_rollups_in_one_query_and_only_its_month_of_days_per_series()
    {
        using var app = new TestApp(azurite.ConnectionString);
        string[] ids = ["traffic.a.rank", "traffic.b.rank", "traffic.c.rank", "traffic.d.rank", "traffic.e.rank"];
        WriteDays(new DateOnly(2023, 1, 1), new DateOnly(2024, 6, 30), d => 50 + (d.DayNumber % 7), ids: ids);
        await app.Importer.ImportAsync(_folder, CancellationToken.None);
        var table = app.Storage.ObservationsTable;
        var queries = new ConcurrentQueue<string>();

        BriefingData data;
        using (new AzureEventSourceListener(
            (e, message) =>
            {
                if (e.EventName == "Request" && message.Contains($"/{table}()", StringComparison.Ordinal))
                {
                    queries.Enqueue(message);
                }
            },
            EventLevel.Informational))
        {
            data = await app.BriefingService.LoadAsync(BriefingMonth.Parse("2024-03"), CancellationToken.None);
        }

        // One read for the roll-ups of all five series, one for each series' days of March (the SDK's log hides the
        // filters, so the reads are counted): before, a roll-up query per series doubled the reads, and under Azurite,
        // where every query reads the whole table, the cost grew with the square of the number of series.
        Assert.Equal(ids.Length + 1, queries.Count);
        Assert.Equal(ids.Length * 31, data.Observations.Count);
        Assert.All(data.Observations, o => Assert.Equal(3, o.Period.End.Month));
        Assert.Equal(ids.Length * 15, data.Rollups!.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), data.Rollups.Select(r => r.SeriesId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(data.Rollups, r => Assert.True(r.Month.End <= new DateOnly(2024, 3, 31)));
    }

    private static RollupStore Rollups(TestApp app) => app.Services.GetRequiredService<RollupStore>();

    private void WriteDays(DateOnly from, DateOnly to, Func<DateOnly, int> value, string unit = "rank", string id = Rank, string[]? ids = null)
    {
        ids ??= [id];
        File.WriteAllText(Path.Combine(_folder, "series.csv"), "id,category,name,unit,frequency,source\n" + string.Concat(ids.Select(i => $"{i},traffic,X {i},{unit},daily,S\n")));
        var rows = new StringBuilder("series,period,measure,value,approximate,reported_by,note\n");
        foreach (var series in ids)
        {
            for (var d = from; d <= to; d = d.AddDays(1))
            {
                rows.Append(CultureInfo.InvariantCulture, $"{series},{d:yyyy-MM-dd},level,{value(d)},false,S,\n");
            }
        }

        File.WriteAllText(Path.Combine(_folder, "observations.csv"), rows.ToString());
    }
}
