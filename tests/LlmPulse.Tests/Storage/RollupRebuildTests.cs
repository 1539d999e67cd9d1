using Azure.Data.Tables;
using LlmPulse.Briefings;
using LlmPulse.Cli;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Tests.Storage;

/// <summary>
/// <c>llmpulse rollups rebuild</c> over days stored before roll-ups existed: the briefing only sees its own month's
/// days until the rebuild, then the months before; a rerun writes nothing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RollupRebuildTests(AzuriteServer azurite)
{
    private static readonly Series Rank = new("traffic.old.rank", SeriesCategory.Traffic, "Old site rank", "rank", Frequency.Daily, "Tranco");
    private static readonly Series Visits = new("traffic.old.visits", SeriesCategory.Traffic, "Old site visits", "visits", Frequency.Monthly, "SimilarWeb");
    private static readonly BriefingMonth June = BriefingMonth.Parse("2024-06");
    private static readonly DateTimeOffset Collected = new(2024, 7, 1, 6, 0, 0, TimeSpan.Zero);

    private static async Task<(int Exit, string Out, string Err)> RunAsync(TestApp app, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await LlmPulseCommand.RunAsync(args, output, error, CancellationToken.None, services => TestApp.ConfigureCli(services, app.Storage, TimeProvider.System));
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Days written straight to the observations, as a version before roll-ups stored them: 20th until June, then 9th.</summary>
    private static async Task StoreWithoutRollupsAsync(TestApp app)
    {
        await app.Metrics.WriteSeriesAsync([Rank, Visits], CancellationToken.None);
        var days = new List<Observation>();
        for (var d = new DateOnly(2024, 1, 1); d <= June.LastDay; d = d.AddDays(1))
        {
            days.Add(new Observation(Rank.Id, Period.Day(d), Measure.Level, d.Month == 6 ? 9 : 20, false, "Tranco", "", Collected));
        }

        days.Add(new Observation(Visits.Id, Period.Parse("2024-05"), Measure.Level, 1000, false, "SimilarWeb", "", Collected));
        await app.Metrics.WriteObservationsAsync(days, CancellationToken.None);
    }

    [Fact]
    public async Task Rebuild_writes_the_months_of_stored_days_once_and_the_briefing_then_tells_the_months_move()
    {
        using var app = new TestApp(azurite.ConnectionString);
        await StoreWithoutRollupsAsync(app);
        var before = await app.BriefingService.BuildAsync(June, CancellationToken.None);

        var first = await RunAsync(app, "rollups", "rebuild");
        var again = await RunAsync(app, "rollups", "rebuild");
        var after = await app.BriefingService.BuildAsync(June, CancellationToken.None);

        Assert.Equal((0, ""), (first.Exit, first.Err));
        Assert.Equal("Read 2 series (1 daily): 6 monthly roll-ups written, 0 already up to date; 182 days copied to their months; 6 months added to the month index.", first.Out.Trim());
        Assert.Equal("Read 2 series (1 daily): 0 monthly roll-ups written, 6 already up to date; 0 days copied to their months; 0 months added to the month index.", again.Out.Trim());

        var rollups = await app.Services.GetRequiredService<RollupStore>().GetAsync(Rank.Id, null, null, CancellationToken.None);
        Assert.Equal(["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"], rollups.Select(r => r.Month.ToString()));
        Assert.Equal([31, 29, 31, 30, 31, 30], rollups.Select(r => r.DaysWithData));
        Assert.Equal(June, await app.BriefingService.LatestMonthWithDataAsync(CancellationToken.None));

        // The month copies the briefing reads the days from, as the writer would have made them.
        var juneCopies = await app.Services.GetRequiredService<RollupStore>().GetMonthCopiesAsync(June, CancellationToken.None);
        Assert.Equal(await app.Metrics.GetObservationsAsync(Rank.Id, June.FirstDay, June.LastDay, CancellationToken.None), juneCopies.OrderBy(o => o.Period));
        Assert.Equal(30, juneCopies.Count);

        // Before, June's days were all the briefing had of the rank; after, it has the months before June too.
        Assert.DoesNotContain(before.KeyFindings, f => f.Text.Contains("places", StringComparison.Ordinal));
        Assert.Contains("Old site rank climbed 11 places to 9th in Jun 2024.", after.KeyFindings.Select(f => f.Text));
    }

    [Fact]
    public async Task Rebuild_migrates_data_of_the_layout_before_the_months_table_and_deletes_that_layouts_rows_once()
    {
        using var app = new TestApp(azurite.ConnectionString);
        await StoreWithoutRollupsAsync(app);

        // What a version before the months table left in the observations table beside the days: roll-ups, copies of
        // days and the month index in partitions of their own, which nothing reads any more.
        var table = new TableClient(azurite.ConnectionString, app.Storage.ObservationsTable);
        await table.UpsertEntityAsync(new TableEntity("rollup|" + Rank.Id, "2024-05") { ["Value"] = "20" });
        await table.UpsertEntityAsync(new TableEntity("days|2024-06", Rank.Id + "|2024-06-01_2024-06-01_level") { ["Value"] = "9" });
        await table.UpsertEntityAsync(new TableEntity("days|2024-06", Rank.Id + "|2024-06-02_2024-06-02_level") { ["Value"] = "9" });
        await table.UpsertEntityAsync(new TableEntity("index|months", "2024-06"));
        var stored = await app.Metrics.GetObservationsAsync(Rank.Id, null, null, CancellationToken.None);

        var first = await RunAsync(app, "rollups", "rebuild");
        var again = await RunAsync(app, "rollups", "rebuild");
        var partitions = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey"]))
        {
            partitions.Add(row.PartitionKey);
        }

        Assert.Equal((0, ""), (first.Exit, first.Err));
        Assert.EndsWith("6 months added to the month index; 4 rows of the old layout deleted from the observations table.", first.Out.Trim(), StringComparison.Ordinal);
        Assert.EndsWith("0 months added to the month index.", again.Out.Trim(), StringComparison.Ordinal);
        Assert.Equal([Rank.Id, Visits.Id], partitions.Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(stored, await app.Metrics.GetObservationsAsync(Rank.Id, null, null, CancellationToken.None));
        var data = await app.BriefingService.LoadAsync(June, CancellationToken.None);
        Assert.Equal(30, data.Observations.Count(o => o.SeriesId == Rank.Id));
        Assert.Equal(6, data.Rollups!.Count);
    }

    [Fact]
    public async Task Month_copies_the_months_table_held_before_the_days_table_are_read_from_the_observations_until_a_rebuild_moves_them_once()
    {
        using var app = new TestApp(azurite.ConnectionString);
        await StoreWithoutRollupsAsync(app);
        await RunAsync(app, "rollups", "rebuild");
        var expected = await app.BriefingService.LoadAsync(June, CancellationToken.None);

        // As a version before the days table left them: the month copies in the months table, beside the roll-ups.
        var days = new TableClient(azurite.ConnectionString, app.Storage.DaysTable);
        var months = new TableClient(azurite.ConnectionString, app.Storage.MonthsTable);
        var moved = 0;
        await foreach (var row in days.QueryAsync<TableEntity>())
        {
            await months.UpsertEntityAsync(row, TableUpdateMode.Replace);
            await days.DeleteEntityAsync(row.PartitionKey, row.RowKey);
            moved++;
        }

        var before = await app.BriefingService.LoadAsync(June, CancellationToken.None);
        var first = await RunAsync(app, "rollups", "rebuild");
        var again = await RunAsync(app, "rollups", "rebuild");
        var after = await app.BriefingService.LoadAsync(June, CancellationToken.None);
        var left = new List<string>();
        await foreach (var row in months.QueryAsync<TableEntity>(select: ["PartitionKey"]))
        {
            left.Add(row.PartitionKey);
        }

        Assert.Equal(6, moved);
        Assert.EndsWith($"182 days copied to their months; 0 months added to the month index; {moved} month copies of the old layout deleted from the months table (now in the days table).", first.Out.Trim(), StringComparison.Ordinal);
        Assert.EndsWith("0 days copied to their months; 0 months added to the month index.", again.Out.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain(left, p => p.StartsWith("days|", StringComparison.Ordinal));
        Assert.Equal(30, (await app.Services.GetRequiredService<RollupStore>().GetMonthCopiesAsync(June, CancellationToken.None)).Count);
        foreach (var data in new[] { before, after })
        {
            Assert.Equal(expected.Observations, data.Observations);
            Assert.Equal(expected.Rollups, data.Rollups);
        }
    }

    [Fact]
    public async Task Rebuild_of_one_series_leaves_the_others_and_an_unknown_series_is_a_one_line_error()
    {
        using var app = new TestApp(azurite.ConnectionString);
        await StoreWithoutRollupsAsync(app);

        var one = await RunAsync(app, "rollups", "rebuild", "--series", Rank.Id);
        var unknown = await RunAsync(app, "rollups", "rebuild", "--series", "traffic.nope");

        Assert.Equal(0, one.Exit);
        Assert.StartsWith("Read 1 series (1 daily): 6 monthly roll-ups written", one.Out, StringComparison.Ordinal);
        Assert.Equal(LlmPulseCommand.BadInput, unknown.Exit);
        Assert.Equal("llmpulse: no series 'traffic.nope' is stored: 'llmpulse series' lists the stored ones.", unknown.Err.Trim());
    }
}
