using System.Globalization;
using LlmPulse.Metrics;
using LlmPulse.Storage;

namespace LlmPulse.Collectors;

/// <summary>What writing one series' observations changed.</summary>
public sealed record SeriesWriteResult(int Added, int Revised, int Unchanged, int KeptFromOtherReporters, IReadOnlyList<string> Revisions)
{
    public static readonly SeriesWriteResult None = new(0, 0, 0, 0, []);

    public int Written => Added + Revised;
}

/// <summary>
/// The write path of the collectors and the seed importer: compares a series' fetched observations with what is stored and writes only the new
/// and the changed ones, oldest first, through <see cref="MetricStore.MergeObservationsAsync"/>: new rows are
/// inserted only if still absent and revisions replace only the row that was read, so a seed import or another run
/// writing the same series at the same moment is never overwritten unseen; a lost race is read and decided again.
/// A rerun writes nothing, and oldest first means that a run stopped halfway leaves a gap-free prefix, which the
/// next run's window (from the latest stored period) covers.
/// </summary>
public sealed class ObservationWriter(MetricStore store, MonthlyRollupWriter rollups)
{
    /// <summary>
    /// Writes <paramref name="incoming"/> (one series, unique keys). A stored figure of another reporter (seeded from
    /// an article, say) is kept: a source revises its own figures, not someone else's.
    /// </summary>
    public async Task<SeriesWriteResult> WriteAsync(string seriesId, IReadOnlyList<Observation> incoming, CancellationToken cancellationToken)
    {
        if (incoming.Count == 0)
        {
            return SeriesWriteResult.None;
        }

        var merged = await store.MergeObservationsAsync(seriesId, incoming, (toWrite, ct) => rollups.UpdateAsync(seriesId, toWrite, ct), cancellationToken).ConfigureAwait(false);
        var revisions = merged.Items
            .Where(i => i.Outcome == MergeOutcome.Revised)
            .OrderBy(i => i.Incoming.Period).ThenBy(i => i.Incoming.Measure)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"{seriesId} {i.Incoming.Period} {i.Incoming.Measure.ToText()}: {i.Previous!.Value} -> {i.Incoming.Value}"))
            .ToArray();
        if (merged.Conflicts > 0)
        {
            // A lost race re-decided some figures after their copies and roll-ups were written: a figure another
            // reporter stored first is copied again as stored (roll-ups are computed from the copies), and the
            // months are recomputed.
            var stored = merged.Written.Concat(merged.Items.Where(i => i.Outcome == MergeOutcome.Kept).Select(i => i.Previous!)).ToArray();
            await rollups.UpdateAsync(seriesId, stored, cancellationToken).ConfigureAwait(false);
        }

        return new SeriesWriteResult(
            merged.Count(MergeOutcome.Added),
            merged.Count(MergeOutcome.Revised),
            merged.Count(MergeOutcome.Unchanged),
            merged.Count(MergeOutcome.Kept),
            revisions);
    }
}
