using LlmPulse.Metrics;

namespace LlmPulse.Storage;

/// <summary>
/// Keeps the monthly roll-ups and the month index in step with the observations, called by every writer of
/// observations (the collectors' <c>ObservationWriter</c> and the seed importer) after it wrote. Each month a
/// written day falls in is recomputed from all of its stored days, so a revised day revises its month and a rerun
/// writes the same roll-up again; the month before is recomputed too, since a day after a month is what makes
/// that month complete.
/// </summary>
public sealed class MonthlyRollupWriter(MetricStore metrics, RollupStore rollups)
{
    /// <summary>Updates roll-ups and index after <paramref name="written"/> (observations of one series) were stored.</summary>
    public async Task UpdateAsync(string seriesId, IReadOnlyCollection<Observation> written, CancellationToken cancellationToken)
    {
        if (written.Count == 0)
        {
            return;
        }

        await rollups.IndexMonthsAsync(written.Select(o => o.Period.End), cancellationToken).ConfigureAwait(false);

        var days = written.Where(o => o.Measure == Measure.Level && o.Period.Kind == PeriodKind.Day).ToArray();
        if (days.Length == 0)
        {
            return;
        }

        var series = await metrics.GetSeriesAsync(seriesId, cancellationToken).ConfigureAwait(false);
        if (series is not { Frequency: Frequency.Daily })
        {
            return;
        }

        var first = MonthOf(days.Min(o => o.Period.End));
        var last = MonthOf(days.Max(o => o.Period.End));
        var stored = (await metrics.GetObservationsAsync(seriesId, first.Previous.Start, last.End, cancellationToken).ConfigureAwait(false))
            .Where(o => o.Measure == Measure.Level && o.Period.Kind == PeriodKind.Day)
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
