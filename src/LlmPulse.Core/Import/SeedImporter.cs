using LlmPulse.Collectors;
using LlmPulse.Storage;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Import;

/// <summary>
/// What an import changed. <see cref="ObservationsKept"/> counts rows whose key already held another reporter's
/// figure (a collector's, say): the seed updates its own figures, never someone else's.
/// </summary>
public sealed record ImportResult(int SeriesWritten, int ObservationsAdded, int ObservationsUpdated, int ObservationsUnchanged, int ObservationsKept = 0);

/// <summary>
/// Imports a seed folder into the metric store. Validates everything before writing anything, and writes only
/// what differs from what is stored, so importing the same folder twice changes nothing the second time
/// (not even the time an observation was collected).
/// </summary>
public sealed class SeedImporter(MetricStore store, ObservationWriter writer, TimeProvider time, ILogger<SeedImporter> logger)
{
    public async Task<ImportResult> ImportAsync(string folder, CancellationToken cancellationToken)
    {
        var stored = await store.GetSeriesAsync(cancellationToken).ConfigureAwait(false);
        var seed = await SeedFiles.ReadFolderAsync(folder, stored, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);

        var storedById = stored.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var seriesToWrite = seed.Series.Where(s => !storedById.TryGetValue(s.Id, out var existing) || existing != s).ToArray();

        // Series first: an observation is never stored without the series that explains it.
        await store.WriteSeriesAsync(seriesToWrite, cancellationToken).ConfigureAwait(false);

        // Each series goes through the collectors' write path (ObservationWriter): merged with what is stored at
        // the moment of writing (insert-only for new keys, If-Match for revisions), so a collector run writing the
        // same series meanwhile is neither overwritten nor lost, and roll-ups go before the observations.
        int added = 0, updated = 0, unchanged = 0, kept = 0;
        foreach (var group in seed.Observations.GroupBy(o => o.SeriesId, StringComparer.Ordinal))
        {
            var written = await writer.WriteAsync(group.Key, group.ToArray(), cancellationToken).ConfigureAwait(false);
            added += written.Added;
            updated += written.Revised;
            unchanged += written.Unchanged;
            kept += written.KeptFromOtherReporters;
        }

        var result = new ImportResult(seriesToWrite.Length, added, updated, unchanged, kept);
        logger.LogInformation(
            "Imported {Folder}: {SeriesWritten} series written, {Added} observations added, {Updated} updated, {Unchanged} unchanged, {Kept} kept (another reporter's)",
            folder, result.SeriesWritten, added, updated, unchanged, kept);
        return result;
    }
}
