using LlmPulse.Metrics;

namespace LlmPulse.Storage;

/// <summary>
/// Keeps the monthly roll-ups and the month index in step with the observations, called by every writer of
/// observations (the collectors' <c>ObservationWriter</c> and the seed importer) just before it writes them. Each
/// month a day to be written falls in is recomputed from its stored days with the new ones in their place, so a
/// revised day revises its month and a rerun writes the same roll-up again; the month before is recomputed too,
/// since a day after a month is what makes that month complete. A daily series' figures are also copied into the
/// partitions of their months (<c>days|YYYY-MM</c>, see <see cref="MetricStore.WriteMonthCopiesAsync"/>): every
/// figure stored in the months it reads, with the new ones in their place, so the briefing reads a month's days of
/// every daily series with one query.
/// </summary>
/// <remarks>
/// Derived rows go first, computed as the store will be once the observations are written. Storage going away
/// between the two then leaves observations still to write, which the rerun finds new and writes, recomputing
/// their months again; the other order would leave stored observations that the rerun finds unchanged, and their
/// roll-ups and index rows missing for good.
/// </remarks>
public sealed class MonthlyRollupWriter(MetricStore metrics, RollupStore rollups)
{
    /// <summary>Updates roll-ups and index for <paramref name="toWrite"/> (observations of one series) before they are stored.</summary>
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

        var days = toWrite.Where(o => o.Measure == Measure.Level && o.Period.Kind == PeriodKind.Day).ToArray();

        // One read covers the months the roll-ups recompute (a day's month and the one before) and every month a
        // figure to be written ends in: the month copies of all of them are rewritten from the merged store.
        var from = MonthOf(toWrite.Min(o => o.Period.End));
        var to = MonthOf(toWrite.Max(o => o.Period.End));
        if (days.Length > 0)
        {
            var before = MonthOf(days.Min(o => o.Period.End)).Previous;
            from = before.CompareTo(from) < 0 ? before : from;
        }

        var merged = (await metrics.GetObservationsAsync(seriesId, from.Start, to.End, cancellationToken).ConfigureAwait(false))
            .ToDictionary(o => o.Key);
        foreach (var observation in toWrite)
        {
            merged[observation.Key] = observation;
        }

        await metrics.WriteMonthCopiesAsync(merged.Values, cancellationToken).ConfigureAwait(false);
        if (days.Length == 0)
        {
            return;
        }

        var first = MonthOf(days.Min(o => o.Period.End));
        var last = MonthOf(days.Max(o => o.Period.End));
        var stored = merged.Values
            .Where(o => o.Measure == Measure.Level && o.Period.Kind == PeriodKind.Day && o.Period.End >= first.Previous.Start && o.Period.End <= last.End)
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
