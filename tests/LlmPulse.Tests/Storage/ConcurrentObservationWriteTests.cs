using System.Globalization;
using Azure.Data.Tables;
using LlmPulse.Collectors;
using LlmPulse.Import;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Tests.Storage;

/// <summary>
/// A seed import and collector runs writing the same series at the same moment, on Azurite: new rows are
/// insert-only and revisions If-Match, so whoever stores a key first keeps it against the other reporter, nothing
/// is written twice and nothing a writer counted as stored is overwritten behind its back.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConcurrentObservationWriteTests(AzuriteServer azurite) : IDisposable
{
    private const string SeriesId = "traffic.race.visits";
    private const string SeedReporter = "An article";
    private const string CollectorReporter = "Tracker";
    private const int SharedMonths = 24;
    private const int CollectorOnlyMonths = 12;
    private const int Writers = 3;
    private readonly string _folder = Directory.CreateTempSubdirectory("llmpulse-race-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_seed_import_racing_collector_runs_on_one_series_loses_nothing_and_keeps_the_first_reporter_of_each_figure()
    {
        WriteSeedFolder();
        for (var round = 0; round < 6; round++)
        {
            using var app = new TestApp(azurite.ConnectionString);
            var writer = app.Services.GetRequiredService<ObservationWriter>();
            await app.Metrics.EnsureCreatedAsync(CancellationToken.None);

            // Several importers and several collector writers start together on the same keys.
            using var start = new SemaphoreSlim(0);
            var imports = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
            {
                await start.WaitAsync();
                return await app.Importer.ImportAsync(_folder, CancellationToken.None);
            })).ToArray();
            var collects = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
            {
                await start.WaitAsync();
                return await writer.WriteAsync(SeriesId, CollectorObservations(), CancellationToken.None);
            })).ToArray();
            start.Release(2 * Writers);
            var importResults = await Task.WhenAll(imports);
            var collectResults = await Task.WhenAll(collects);

            var rows = await RowsAsync(app.Storage);
            var stored = await app.Metrics.GetObservationsAsync(SeriesId, null, null, CancellationToken.None);
            var storedBySeed = stored.Count(o => o.ReportedBy == SeedReporter);
            var storedByCollector = stored.Count(o => o.ReportedBy == CollectorReporter);

            // Every key once; each stored figure is exactly one writer's, unaltered.
            Assert.Equal(SharedMonths + CollectorOnlyMonths, rows.Count);
            Assert.Equal(rows.Count, rows.Distinct().Count());
            Assert.All(stored, o => Assert.Equal(o.ReportedBy == SeedReporter ? SeedValue(o.Period) : CollectorValue(o.Period), o.Value));
            Assert.Equal(stored.Count, storedBySeed + storedByCollector);

            // Each key was added by exactly one writer; the others saw it and counted it unchanged (same reporter)
            // or kept (the other reporter's figure), so no writer believes a figure of its own is stored that is not.
            Assert.Equal(stored.Count, importResults.Sum(r => r.ObservationsAdded) + collectResults.Sum(r => r.Added));
            Assert.Equal(storedBySeed, importResults.Sum(r => r.ObservationsAdded));
            Assert.Equal(storedByCollector, collectResults.Sum(r => r.Added));
            Assert.Equal(Writers * (SharedMonths - storedBySeed), importResults.Sum(r => r.ObservationsKept));
            Assert.Equal(Writers * storedBySeed, collectResults.Sum(r => r.KeptFromOtherReporters));
            Assert.All(importResults, r => Assert.Equal(0, r.ObservationsUpdated));
            Assert.All(collectResults, r => Assert.Equal(0, r.Revised));

            // Settled: running both again changes nothing.
            var again = await app.Importer.ImportAsync(_folder, CancellationToken.None);
            var collectAgain = await writer.WriteAsync(SeriesId, CollectorObservations(), CancellationToken.None);
            Assert.Equal(0, again.ObservationsAdded + again.ObservationsUpdated);
            Assert.Equal(0, collectAgain.Written);
            Assert.Equal(stored, await app.Metrics.GetObservationsAsync(SeriesId, null, null, CancellationToken.None));
        }
    }

    [Fact]
    public async Task The_seed_updates_its_own_figure_and_keeps_a_collectors()
    {
        using var app = new TestApp(azurite.ConnectionString);
        var writer = app.Services.GetRequiredService<ObservationWriter>();
        WriteSeedFolder();
        await app.Importer.ImportAsync(_folder, CancellationToken.None);
        await writer.WriteAsync(SeriesId, CollectorObservations(), CancellationToken.None);

        // The seed revises its first month and now also claims a month the collector stored first.
        WriteSeedFolder(firstValue: 111, extraRow: $"{SeriesId},2022-01,level,5,false,{SeedReporter},\n");
        var result = await app.Importer.ImportAsync(_folder, CancellationToken.None);

        Assert.Equal(new ImportResult(0, 0, 1, SharedMonths - 1, 1), result);
        var stored = (await app.Metrics.GetObservationsAsync(SeriesId, null, null, CancellationToken.None)).ToDictionary(o => o.Period.ToString());
        Assert.Equal(111m, stored["2023-01"].Value);
        Assert.Equal(CollectorReporter, stored["2022-01"].ReportedBy);
        Assert.Equal(CollectorValue(Period.Parse("2022-01")), stored["2022-01"].Value);
    }

    [Fact]
    public async Task A_revision_with_a_stale_etag_is_refused_and_the_write_decides_again_on_what_is_stored()
    {
        using var app = new TestApp(azurite.ConnectionString);
        var month = Period.Parse("2023-03");
        await app.Metrics.MergeObservationsAsync(SeriesId, [Figure(month, 100, CollectorReporter)], CancellationToken.None);
        var read = await app.Metrics.ReadStoredAsync(SeriesId, [Figure(month, 0, CollectorReporter)], CancellationToken.None);
        var stale = Assert.Single(read.Values);

        // Another run of the same reporter revises the row after it was read: the revision on the old ETag is refused.
        await app.Metrics.MergeObservationsAsync(SeriesId, [Figure(month, 150, CollectorReporter)], CancellationToken.None);
        var refused = await app.Metrics.TrySubmitAsync([new MergedObservation(Figure(month, 120, CollectorReporter), MergeOutcome.Revised, stale.Observation, stale.ETag)], CancellationToken.None);
        Assert.False(refused);
        Assert.Equal(150m, Assert.Single(await app.Metrics.GetObservationsAsync(SeriesId, null, null, CancellationToken.None)).Value);

        // A collector revision loses the race to a seed row landing between its read and its write (the seed's
        // figure replaces the row, as an importer of old did): it reads again and keeps the other reporter's figure.
        var writer = app.Services.GetRequiredService<ObservationWriter>();
        var interfered = 0;
        app.Metrics.BeforeSubmitForTests = async (_, ct) =>
        {
            if (Interlocked.Increment(ref interfered) == 1)
            {
                await app.Metrics.WriteObservationsAsync([Figure(month, 90, SeedReporter)], ct);
            }
        };
        var result = await writer.WriteAsync(SeriesId, [Figure(month, 175, CollectorReporter)], CancellationToken.None);

        Assert.Equal((0, 0, 0, 1), (result.Added, result.Revised, result.Unchanged, result.KeptFromOtherReporters));
        Assert.Empty(result.Revisions);
        var stored = Assert.Single(await app.Metrics.GetObservationsAsync(SeriesId, null, null, CancellationToken.None));
        Assert.Equal((90m, SeedReporter), (stored.Value, stored.ReportedBy));

        // The same with a same-reporter revision in between: decided again, it revises the newer row.
        interfered = 0;
        app.Metrics.BeforeSubmitForTests = async (_, ct) =>
        {
            if (Interlocked.Increment(ref interfered) == 1)
            {
                await app.Metrics.WriteObservationsAsync([Figure(month, 95, SeedReporter)], ct);
            }
        };
        var merged = await app.Metrics.MergeObservationsAsync(SeriesId, [Figure(month, 99, SeedReporter)], CancellationToken.None);
        Assert.Equal(1, merged.Conflicts);
        var revised = Assert.Single(merged.Items);
        Assert.Equal((MergeOutcome.Revised, 95m), (revised.Outcome, revised.Previous!.Value));
        Assert.Equal(99m, Assert.Single(await app.Metrics.GetObservationsAsync(SeriesId, null, null, CancellationToken.None)).Value);
    }

    [Fact]
    public async Task An_insert_that_loses_the_race_is_decided_again_instead_of_overwriting()
    {
        using var app = new TestApp(azurite.ConnectionString);
        var month = Period.Parse("2023-04");
        var interfered = 0;
        app.Metrics.BeforeSubmitForTests = async (_, ct) =>
        {
            if (Interlocked.Increment(ref interfered) == 1)
            {
                await app.Metrics.WriteObservationsAsync([Figure(month, 7, SeedReporter)], ct);
            }
        };

        var merged = await app.Metrics.MergeObservationsAsync(SeriesId, [Figure(month, 8, CollectorReporter), Figure(Period.Parse("2023-05"), 9, CollectorReporter)], CancellationToken.None);

        Assert.Equal(1, merged.Conflicts);
        Assert.Equal([MergeOutcome.Kept, MergeOutcome.Added], merged.Items.OrderBy(i => i.Incoming.Period).Select(i => i.Outcome));
        var stored = await app.Metrics.GetObservationsAsync(SeriesId, null, null, CancellationToken.None);
        Assert.Equal([(7m, SeedReporter), (9m, CollectorReporter)], stored.Select(o => (o.Value, o.ReportedBy)));
    }

    [Fact]
    public async Task A_write_that_keeps_losing_gives_up_after_a_bounded_number_of_attempts()
    {
        using var app = new TestApp(azurite.ConnectionString);
        var month = Period.Parse("2023-06");
        var round = 0;
        await app.Metrics.MergeObservationsAsync(SeriesId, [Figure(month, 1, CollectorReporter)], CancellationToken.None);
        app.Metrics.BeforeSubmitForTests = (_, ct) =>
            app.Metrics.WriteObservationsAsync([Figure(month, 1000 + Interlocked.Increment(ref round), CollectorReporter)], ct);

        var error = await Assert.ThrowsAsync<ObservationWriteConflictException>(
            () => app.Metrics.MergeObservationsAsync(SeriesId, [Figure(month, 2, CollectorReporter)], CancellationToken.None));

        Assert.Equal(MetricStore.MaxMergeAttempts, round);
        Assert.Contains(SeriesId, error.Message);
    }

    private static Observation Figure(Period period, decimal value, string reporter) =>
        new(SeriesId, period, Measure.Level, value, false, reporter, "", DateTimeOffset.UnixEpoch);

    private static decimal SeedValue(Period period) => 100 + (period.Start.Month * 10) + period.Start.Year - 2023;

    private static decimal CollectorValue(Period period) => 5000 + (period.Start.Month * 10) + period.Start.Year - 2022;

    private static IEnumerable<Period> SharedPeriods() =>
        Enumerable.Range(0, SharedMonths).Select(i => Period.Month(2023 + (i / 12), (i % 12) + 1));

    private static Observation[] CollectorObservations() =>
        Enumerable.Range(0, CollectorOnlyMonths).Select(i => Period.Month(2022, i + 1)).Concat(SharedPeriods())
            .Select(p => new Observation(SeriesId, p, Measure.Level, CollectorValue(p), false, CollectorReporter, "", new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero)))
            .ToArray();

    private void WriteSeedFolder(decimal? firstValue = null, string extraRow = "")
    {
        File.WriteAllText(Path.Combine(_folder, "series.csv"), $"id,category,name,unit,frequency,source\n{SeriesId},traffic,Race visits,visits,monthly,{SeedReporter}\n");
        var rows = SharedPeriods().Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"{SeriesId},{p},level,{(i == 0 && firstValue is { } v ? v : SeedValue(p))},false,{SeedReporter},\n"));
        File.WriteAllText(Path.Combine(_folder, "observations.csv"), "series,period,measure,value,approximate,reported_by,note\n" + string.Concat(rows) + extraRow);
    }

    private static async Task<List<string>> RowsAsync(StorageOptions storage)
    {
        var table = new TableClient(storage.ConnectionString, storage.ObservationsTable);
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == SeriesId, select: ["RowKey"]))
        {
            rows.Add(row.RowKey);
        }

        return rows;
    }
}
