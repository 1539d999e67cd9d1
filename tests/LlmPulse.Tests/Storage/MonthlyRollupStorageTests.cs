using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;
using Azure.Core.Diagnostics;
using Azure.Data.Tables;
using LlmPulse.Briefings;
using LlmPulse.Collectors;
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
    public async Task The_briefing_reads_the_rollups_and_the_month_days_of_every_daily_series_in_four_queries_however_many_series()
    {
        string[] five = ["traffic.a.rank", "traffic.b.rank", "traffic.c.rank", "traffic.d.rank", "traffic.e.rank"];
        var (oneQueries, oneData) = await CountLoadQueriesAsync(["traffic.a.rank"]);
        var (fiveQueries, data) = await CountLoadQueriesAsync(five);

        // Three reads of the months table for the roll-ups of all series (the month's year, the year before, the years
        // before those: one page each, sent at once), one of the days table for the month's partition of day copies
        // (the SDK's log hides the filters, so the reads are counted): before, the days cost a query per series, and
        // under Azurite, where every query reads the whole table, the load grew with the square of the number of
        // series; and with the days in the months table, each roll-up read scanned every month's days too.
        Assert.Equal(((3, 1), (3, 1)), (oneQueries, fiveQueries));
        Assert.Equal(31, oneData.Observations.Count);
        Assert.Equal(five.Length * 31, data.Observations.Count);
        Assert.All(data.Observations, o => Assert.Equal(3, o.Period.End.Month));
        Assert.Equal(five.Order(StringComparer.Ordinal), data.Observations.Select(o => o.SeriesId).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(five.Length * 15, data.Rollups!.Count);
        Assert.Equal(five.Order(StringComparer.Ordinal), data.Rollups.Select(r => r.SeriesId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(data.Rollups, r => Assert.True(r.Month.End <= new DateOnly(2024, 3, 31)));
    }

    [Fact]
    public async Task Import_copies_each_day_into_its_month_a_revised_day_revises_its_copy_and_a_rerun_writes_the_same()
    {
        using var app = new TestApp(azurite.ConnectionString);
        WriteDays(new DateOnly(2024, 1, 1), new DateOnly(2024, 3, 20), d => 70 - (d.DayNumber % 3));
        await app.Importer.ImportAsync(_folder, CancellationToken.None);
        var march = BriefingMonth.Parse("2024-03");
        var copies = await Rollups(app).GetMonthCopiesAsync(march, CancellationToken.None);
        var stored = await app.Metrics.GetObservationsAsync(Rank, march.FirstDay, march.LastDay, CancellationToken.None);

        WriteDays(new DateOnly(2024, 1, 1), new DateOnly(2024, 3, 20), d => d == new DateOnly(2024, 3, 5) ? 7 : 70 - (d.DayNumber % 3));
        await app.Importer.ImportAsync(_folder, CancellationToken.None);
        var revised = await Rollups(app).GetMonthCopiesAsync(march, CancellationToken.None);
        await app.Importer.ImportAsync(_folder, CancellationToken.None);
        var rerun = await Rollups(app).GetMonthCopiesAsync(march, CancellationToken.None);

        Assert.Equal(20, copies.Count);
        Assert.Equal(stored, copies.OrderBy(o => o.Period));
        Assert.Equal(31, (await Rollups(app).GetMonthCopiesAsync(BriefingMonth.Parse("2024-01"), CancellationToken.None)).Count);
        Assert.Equal(29, (await Rollups(app).GetMonthCopiesAsync(BriefingMonth.Parse("2024-02"), CancellationToken.None)).Count);
        Assert.Equal(7m, Assert.Single(revised, o => o.Period == Period.Day(new DateOnly(2024, 3, 5))).Value);
        Assert.Equal(await app.Metrics.GetObservationsAsync(Rank, march.FirstDay, march.LastDay, CancellationToken.None), revised.OrderBy(o => o.Period));
        Assert.Equal(revised, rerun);
    }

    [Fact]
    public async Task A_collected_day_and_its_change_are_copied_and_a_revision_by_the_collector_revises_the_copy()
    {
        using var app = new TestApp(azurite.ConnectionString);
        await app.Metrics.WriteSeriesAsync([new Series(Visits, SeriesCategory.Traffic, "X visits", "visits", Frequency.Daily, "S")], CancellationToken.None);
        var writer = app.Services.GetRequiredService<ObservationWriter>();
        var at = new DateTimeOffset(2024, 3, 3, 6, 0, 0, TimeSpan.Zero);
        Observation Day(int day, Measure measure, decimal value) => new(Visits, Period.Day(new DateOnly(2024, 3, day)), measure, value, false, "S", "", at);

        await writer.WriteAsync(Visits, [Day(1, Measure.Level, 100), Day(2, Measure.Level, 110), Day(2, Measure.ChangePct, 10)], CancellationToken.None);
        var first = await Rollups(app).GetMonthCopiesAsync(BriefingMonth.Parse("2024-03"), CancellationToken.None);
        await writer.WriteAsync(Visits, [Day(2, Measure.Level, 120), Day(2, Measure.ChangePct, 20)], CancellationToken.None);
        var revised = await Rollups(app).GetMonthCopiesAsync(BriefingMonth.Parse("2024-03"), CancellationToken.None);
        var data = await app.BriefingService.LoadAsync(BriefingMonth.Parse("2024-03"), CancellationToken.None);

        Assert.Equal([100m, 110m, 10m], first.OrderBy(o => o.Period).ThenBy(o => o.Measure).Select(o => o.Value));
        Assert.Equal([100m, 120m, 20m], revised.OrderBy(o => o.Period).ThenBy(o => o.Measure).Select(o => o.Value));
        Assert.Equal(await app.Metrics.GetObservationsAsync(Visits, null, null, CancellationToken.None), data.Observations);
    }

    [Fact]
    public async Task Days_stored_before_the_copies_are_still_read_per_series_whether_some_or_all_copies_of_the_month_are_missing()
    {
        using var app = new TestApp(azurite.ConnectionString);
        string[] ids = ["traffic.a.rank", "traffic.b.rank", "traffic.c.rank"];
        WriteDays(new DateOnly(2024, 1, 1), new DateOnly(2024, 4, 30), d => 50 + (d.DayNumber % 7), ids: ids);
        await app.Importer.ImportAsync(_folder, CancellationToken.None);
        var march = BriefingMonth.Parse("2024-03");
        var table = new TableClient(azurite.ConnectionString, app.Storage.DaysTable);

        // As a version before the copies left it: roll-ups and index in place, one series' copies (then all) missing.
        await DeleteCopiesAsync(table, march, "traffic.b.rank");
        var some = await app.BriefingService.LoadAsync(march, CancellationToken.None);
        await DeleteCopiesAsync(table, march, "");
        var none = await app.BriefingService.LoadAsync(march, CancellationToken.None);

        Assert.Empty(await Rollups(app).GetMonthCopiesAsync(march, CancellationToken.None));
        foreach (var data in new[] { some, none })
        {
            Assert.Equal(ids.Length * 31, data.Observations.Count);
            Assert.All(ids, id => Assert.Equal(31, data.Observations.Count(o => o.SeriesId == id)));
        }
    }

    [Fact]
    public async Task A_packed_copy_keeps_every_part_of_a_figures_provenance_and_a_figure_too_long_to_pack_is_read_from_the_observations()
    {
        using var app = new TestApp(azurite.ConnectionString);
        await app.Metrics.WriteSeriesAsync([new Series(Visits, SeriesCategory.Traffic, "X visits", "visits", Frequency.Daily, "S")], CancellationToken.None);
        var writer = app.Services.GetRequiredService<ObservationWriter>();
        var at = new DateTimeOffset(2024, 3, 3, 6, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        Observation Day(int day, Measure measure, decimal value, bool approximate, string reporter, string note) =>
            new(Visits, Period.Day(new DateOnly(2024, 3, day)), measure, value, approximate, reporter, note, at.AddDays(day));

        // Trailing zeros, a negative change, separators, line breaks and non-Latin text in the free-text parts.
        Observation[] written =
        [
            Day(1, Measure.Level, 27.0m, true, "Some|Tracker 1", "first|note\nwith a line break\n"),
            Day(2, Measure.Level, 1818.680m, false, "", "|"),
            Day(2, Measure.ChangePct, -0.05m, false, "متتبع", ""),
            Day(2, Measure.YoyPct, 12m, true, "S", "yoy"),
            Day(31, Measure.Level, 0.000001m, false, "S", new string('n', 40)),
        ];
        await writer.WriteAsync(Visits, written, CancellationToken.None);
        var copies = await Rollups(app).GetMonthCopiesAsync(BriefingMonth.Parse("2024-03"), CancellationToken.None);

        var key = (Observation o) => (o.Period, o.Measure);
        Assert.Equal(written.OrderBy(key), copies.OrderBy(key));
        Assert.Equal(written.OrderBy(key).Select(o => (o.Value.ToString(CultureInfo.InvariantCulture), o.Note, o.CollectedAt.UtcTicks)), copies.OrderBy(key).Select(o => (o.Value.ToString(CultureInfo.InvariantCulture), o.Note, o.CollectedAt.UtcTicks)));

        // A note of thousands of characters does not fit the month's row: the briefing reads that series' month from
        // the observations instead of losing the figure.
        var longNote = Day(3, Measure.ChangePct, 1m, false, "S", new string('x', 5_000));
        await writer.WriteAsync(Visits, [longNote], CancellationToken.None);
        var read = await Rollups(app).ReadMonthCopiesAsync(BriefingMonth.Parse("2024-03"), CancellationToken.None);
        var data = await app.BriefingService.LoadAsync(BriefingMonth.Parse("2024-03"), CancellationToken.None);

        Assert.Equal([Visits], read.Uncopied);
        Assert.DoesNotContain(read.Figures, o => o.Period == longNote.Period && o.Measure == longNote.Measure);
        Assert.Equal(await app.Metrics.GetObservationsAsync(Visits, null, null, CancellationToken.None), data.Observations);
        Assert.Contains(data.Observations, o => o.Note == longNote.Note);
    }

    [Fact]
    public async Task Writers_of_different_days_of_one_month_keep_each_others_copies_even_when_one_writes_in_the_middle_of_the_other()
    {
        using var app = new TestApp(azurite.ConnectionString);
        await app.Metrics.WriteSeriesAsync([new Series(Visits, SeriesCategory.Traffic, "X visits", "visits", Frequency.Daily, "S")], CancellationToken.None);
        var writer = app.Services.GetRequiredService<ObservationWriter>();
        var at = new DateTimeOffset(2024, 4, 1, 6, 0, 0, TimeSpan.Zero);
        Observation[] Days(int from, int to, string reporter) =>
            Enumerable.Range(from, to - from + 1).Select(d => new Observation(Visits, Period.Day(new DateOnly(2024, 3, d)), Measure.Level, 100 + d, false, reporter, "", at)).ToArray();

        // The second writer's whole write lands between the first one's copies and its observations.
        var interfered = 0;
        app.Metrics.BeforeSubmitForTests = async (_, ct) =>
        {
            if (Interlocked.Increment(ref interfered) == 1)
            {
                await writer.WriteAsync(Visits, Days(16, 31, "Second"), ct);
            }
        };
        await writer.WriteAsync(Visits, Days(1, 15, "First"), CancellationToken.None);
        app.Metrics.BeforeSubmitForTests = null;

        // Then both at once, on other days of another month, a few times over.
        for (var round = 0; round < 3; round++)
        {
            using var start = new SemaphoreSlim(0);
            var writes = new[] { (1, 10, "A"), (11, 20, "B"), (21, 30, "C") }.Select(w => Task.Run(async () =>
            {
                await start.WaitAsync();
                var days = Enumerable.Range(w.Item1, w.Item2 - w.Item1 + 1).Select(d => new Observation(Visits, Period.Day(new DateOnly(2024, 4, d)), Measure.Level, (round * 1000) + d, false, w.Item3, "", at)).ToArray();
                return await writer.WriteAsync(Visits, days, CancellationToken.None);
            })).ToArray();
            start.Release(writes.Length);
            await Task.WhenAll(writes);
        }

        var march = await Rollups(app).GetMonthCopiesAsync(BriefingMonth.Parse("2024-03"), CancellationToken.None);
        var april = await Rollups(app).GetMonthCopiesAsync(BriefingMonth.Parse("2024-04"), CancellationToken.None);
        Assert.Equal(31, march.Count);
        Assert.Equal(await app.Metrics.GetObservationsAsync(Visits, new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 31), CancellationToken.None), march.OrderBy(o => o.Period));
        Assert.Equal(30, april.Count);
        Assert.Equal(await app.Metrics.GetObservationsAsync(Visits, new DateOnly(2024, 4, 1), new DateOnly(2024, 4, 30), CancellationToken.None), april.OrderBy(o => o.Period));
        Assert.All(april, o => Assert.Equal(2000 + o.Period.End.Day, o.Value));
    }

    [Fact]
    public async Task The_days_table_holds_a_row_per_series_and_month_of_days_the_months_table_a_row_per_series_and_year_of_rollups_and_the_observations_table_neither()
    {
        using var app = new TestApp(azurite.ConnectionString);
        string[] ids = ["traffic.a.rank", "traffic.b.rank"];
        WriteDays(new DateOnly(2023, 11, 1), new DateOnly(2024, 2, 10), d => 50 + (d.DayNumber % 7), ids: ids);
        await app.Importer.ImportAsync(_folder, CancellationToken.None);

        var days = await RowsAsync(app.Storage.DaysTable);
        var months = await RowsAsync(app.Storage.MonthsTable);
        var observations = await RowsAsync(app.Storage.ObservationsTable);

        Assert.Equal(["days|2023-11", "days|2023-12", "days|2024-01", "days|2024-02"], days.Select(r => r.Partition).Distinct().Order(StringComparer.Ordinal));
        Assert.All(days.GroupBy(r => r.Partition), month => Assert.Equal(ids, month.Select(r => r.Row).Order(StringComparer.Ordinal)));
        Assert.Equal(ids.Length * 4, days.Count);
        Assert.Equal(31, days.Single(r => r.Partition == "days|2024-01" && r.Row == ids[0]).Properties);
        Assert.Equal(ids.Length * 2, months.Count(r => r.Partition.StartsWith("rollups|", StringComparison.Ordinal)));
        Assert.Equal(2, months.Single(r => r.Partition == "rollups|2023" && r.Row == ids[1]).Properties);
        Assert.Equal(4, months.Count(r => r.Partition == "index|months"));
        Assert.Equal(ids.Length * 2 + 4, months.Count);
        Assert.All(observations, r => Assert.Contains(r.Partition, ids));
    }

    private async Task<List<(string Partition, string Row, int Properties)>> RowsAsync(string table)
    {
        var client = new TableClient(azurite.ConnectionString, table);
        var rows = new List<(string, string, int)>();
        await foreach (var entity in client.QueryAsync<TableEntity>())
        {
            rows.Add((entity.PartitionKey, entity.RowKey, entity.Keys.Count(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))));
        }

        return rows;
    }

    private static async Task DeleteCopiesAsync(TableClient table, BriefingMonth month, string rowPrefix)
    {
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"days|" + month}"), select: ["PartitionKey", "RowKey"]))
        {
            if (entity.RowKey.StartsWith(rowPrefix, StringComparison.Ordinal))
            {
                await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey);
            }
        }
    }

    /// <summary>The queries a load sends to the months table and to the days table (none may go to the observations), and what it read.</summary>
    private async Task<((int Months, int Days) Queries, BriefingData Data)> CountLoadQueriesAsync(string[] ids)
    {
        using var app = new TestApp(azurite.ConnectionString);
        WriteDays(new DateOnly(2023, 1, 1), new DateOnly(2024, 6, 30), d => 50 + (d.DayNumber % 7), ids: ids);
        await app.Importer.ImportAsync(_folder, CancellationToken.None);
        var tables = new[] { app.Storage.ObservationsTable, app.Storage.MonthsTable, app.Storage.DaysTable };
        var queries = new ConcurrentQueue<string>();
        using (new AzureEventSourceListener(
            (e, message) =>
            {
                if (e.EventName == "Request" && tables.Any(table => message.Contains($"/{table}()", StringComparison.Ordinal)))
                {
                    queries.Enqueue(message);
                }
            },
            EventLevel.Informational))
        {
            var data = await app.BriefingService.LoadAsync(BriefingMonth.Parse("2024-03"), CancellationToken.None);
            Assert.DoesNotContain(queries, q => q.Contains($"/{app.Storage.ObservationsTable}()", StringComparison.Ordinal));
            return ((queries.Count(q => q.Contains($"/{app.Storage.MonthsTable}()", StringComparison.Ordinal)), queries.Count(q => q.Contains($"/{app.Storage.DaysTable}()", StringComparison.Ordinal))), data);
        }
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
