using LlmPulse.Metrics;

namespace LlmPulse.Storage;

/// <summary>
/// Keeps the months table (<see cref="RollupStore"/>) in step with the observations, called by every writer of
/// observations (the collectors' <c>ObservationWriter</c> and the seed importer) just before it writes them: the
/// month index, a daily series' figures copied into its month's row, and its monthly roll-ups. Each month a day to
/// be written falls in is recomputed from its stored days with the new ones in their place, so a revised day
/// revises its month and a rerun writes the same roll-up again; the month before is recomputed too, since a day
/// after a month is what makes that month complete. Only the figures being written are copied, each into its own
/// property of its month's row, so writers of other days of the month keep theirs.
/// </summary>
/// <remarks>
/// Derived rows go first, computed as the store will be once the observations are written. Storage going away
/// between the two then leaves observations still to write, which the rerun finds new and writes, recomputing
/// their months again; the other order would leave stored observations that the rerun finds unchanged, and their
/// roll-ups, copies and index rows missing for good.
/// </remarks>
public sealed class MonthlyRollupWriter(MetricStore metrics, RollupStore rollups)
{
    /// <summary>Updates roll-ups, copies and index for <paramref name="toWrite"/> (observations of one series) before they are stored.</summary>
    public async Task UpdateAsync(string seriesId, IReadOnlyCollection<Observation> toWrite, CancellationToken cancellationToken)
    {
        if (toWrite.Count == 0)
        {
            return;
        }

        await rollups.IndexMonthsAsync(toWrite.Select(o => o.Period.End), cancellationToken).ConfigureAwait(false);

        var series = await metrics.GetSeriesAsync(seriesId, cancellationToken).ConfigureAwait(false);
        if (series is not { Frequency: Frequency.Daily })
        {
            return;
        }

        await rollups.WriteMonthCopiesAsync(toWrite, cancellationToken).ConfigureAwait(false);
        var days = toWrite.Where(o => o.Measure == Measure.Level && o.Period.Kind == PeriodKind.Day).ToArray();
        if (days.Length == 0)
        {
            return;
        }

        // One read covers the months the roll-ups recompute: every month a day falls in, and the one before.
        var first = MonthOf(days.Min(o => o.Period.End));
        var last = MonthOf(days.Max(o => o.Period.End));
        var merged = (await metrics.GetObservationsAsync(seriesId, first.Previous.Start, last.End, cancellationToken).ConfigureAwait(false))
            .ToDictionary(o => o.Key);
        foreach (var observation in toWrite)
        {
            merged[observation.Key] = observation;
        }

        var stored = merged.Values
            .Where(o => o.Measure == Measure.Level && o.Period.Kind == PeriodKind.Day)
            .OrderBy(o => o.Period)
            .ToArray();
        var latest = stored.Length == 0 ? DateOnly.MinValue : stored.Max(o => o.Period.End);
        if (latest < last.End && await metrics.AnyEndingFromAsync(seriesId, last.End.AddDays(1), cancellationToken).ConfigureAwait(false))
        {
            latest = last.End;
        }

        await rollups.WriteAsync(MonthlyRollup.FromDays(series, stored, latest).ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private static Period MonthOf(DateOnly date) => Period.Month(date.Year, date.Month);
}
