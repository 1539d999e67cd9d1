using Azure.Data.Tables;
using LlmPulse.Import;
using LlmPulse.Storage;
using LlmPulse.Testing;

namespace LlmPulse.Tests.Import;

/// <summary>
/// Storage going away in the middle of a seed import (Azurite stopped after some series were written), then coming
/// back: the rerun ends with every seed figure stored once, none lost, none twice, and a third import changes
/// nothing. Its own Azurite, keeping data on disk, so that stopping it disturbs no other test.
/// </summary>
public sealed class ImportOutageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmpulse-azurite-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task An_import_cut_off_by_storage_going_away_is_completed_by_the_rerun_with_nothing_lost_or_duplicated()
    {
        using var azurite = AzuriteServer.Persistent(_folder);
        var storage = StorageNames.Unique(azurite.ConnectionString);
        var expected = SeedFiles.Parse(
            await File.ReadAllTextAsync(Path.Combine(TestApp.SeedsFolder, SeedFiles.SeriesFile)),
            await File.ReadAllTextAsync(Path.Combine(TestApp.SeedsFolder, SeedFiles.ObservationsFile)),
            [],
            DateTimeOffset.UnixEpoch).Observations;

        using (var cut = new TestApp(storage))
        {
            // Storage goes away as the fifth series' observations are about to be written.
            var submits = 0;
            cut.Metrics.BeforeSubmitForTests = (_, _) =>
            {
                if (Interlocked.Increment(ref submits) == 5)
                {
                    azurite.Stop();
                }

                return Task.CompletedTask;
            };

            await Assert.ThrowsAsync<StorageUnavailableException>(() => cut.Importer.ImportAsync(TestApp.SeedsFolder, CancellationToken.None));
            Assert.False(azurite.IsRunning);
        }

        azurite.Start();
        using var app = new TestApp(storage);

        // What Azurite had saved before it went (it saves every few seconds) is found unchanged; the rest is added.
        var rerun = await app.Importer.ImportAsync(TestApp.SeedsFolder, CancellationToken.None);
        var again = await app.Importer.ImportAsync(TestApp.SeedsFolder, CancellationToken.None);

        Assert.Equal((expected.Count, 0, 0), (rerun.ObservationsAdded + rerun.ObservationsUnchanged, rerun.ObservationsUpdated, rerun.ObservationsKept));
        Assert.Equal(new ImportResult(0, 0, 0, expected.Count), again);
        var table = new TableClient(azurite.ConnectionString, storage.ObservationsTable);
        foreach (var series in expected.GroupBy(o => o.SeriesId))
        {
            var rows = new List<string>();
            await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == series.Key, select: ["RowKey"]))
            {
                rows.Add(row.RowKey);
            }

            Assert.Equal(series.Select(o => MetricStore.RowKey(o.Period, o.Measure)).Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
        }

        foreach (var observation in expected)
        {
            var stored = (await app.Metrics.GetObservationsAsync(observation.SeriesId, null, null, CancellationToken.None)).Single(o => o.Key == observation.Key);
            Assert.True(stored.SameFigureAs(observation), $"{observation.Key}: {stored.Value} stored, {observation.Value} in the seeds");
        }
    }
}
