using LlmPulse.Metrics;
using LlmPulse.Storage;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Import;

/// <summary>What an import changed.</summary>
public sealed record ImportResult(int SeriesWritten, int ObservationsAdded, int ObservationsUpdated, int ObservationsUnchanged);

/// <summary>
/// Imports a seed folder into the metric store. Validates everything before writing anything, and writes only
/// what differs from what is stored, so importing the same folder twice changes nothing the second time
/// (not even the time an observation was collected).
/// </summary>
public sealed class SeedImporter(MetricStore store, MonthlyRollupWriter rollups, TimeProvider time, ILogger<SeedImporter> logger)
{
    public async Task<ImportResult> ImportAsync(string folder, CancellationToken cancellationToken)
    {
        var stored = await store.GetSeriesAsync(cancellationToken).ConfigureAwait(false);
        var seed = await SeedFiles.ReadFolderAsync(folder, stored, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);

        var storedById = stored.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var seriesToWrite = seed.Series.Where(s => !storedById.TryGetValue(s.Id, out var existing) || existing != s).ToArray();

        var toWrite = new List<Observation>();
        int added = 0, updated = 0, unchanged = 0;
        foreach (var group in seed.Observations.GroupBy(o => o.SeriesId, StringComparer.Ordinal))
        {
            var existing = (await store.GetObservationsAsync(group.Key, null, null, cancellationToken).ConfigureAwait(false))
                .ToDictionary(o => o.Key);
            foreach (var observation in group)
            {
                if (!existing.TryGetValue(observation.Key, out var current))
                {
                    added++;
                    toWrite.Add(observation);
                }
                else if (!current.SameFigureAs(observation))
                {
                    updated++;
                    toWrite.Add(observation);
                }
                else
                {
                    unchanged++;
                }
            }
        }

        // Series first: an observation is never stored without the series that explains it. Then roll-ups and the
        // month index, computed as the observations will leave the store: a cut before the observations are all in
        // leaves them new to the rerun, which writes them and recomputes their months (see MonthlyRollupWriter).
        await store.WriteSeriesAsync(seriesToWrite, cancellationToken).ConfigureAwait(false);
        foreach (var written in toWrite.GroupBy(o => o.SeriesId, StringComparer.Ordinal))
        {
            await rollups.UpdateAsync(written.Key, written.ToArray(), cancellationToken).ConfigureAwait(false);
        }

        await store.WriteObservationsAsync(toWrite, cancellationToken).ConfigureAwait(false);

        var result = new ImportResult(seriesToWrite.Length, added, updated, unchanged);
        logger.LogInformation(
            "Imported {Folder}: {SeriesWritten} series written, {Added} observations added, {Updated} updated, {Unchanged} unchanged",
            folder, result.SeriesWritten, added, updated, unchanged);
        return result;
    }
}
