using LlmPulse.Metrics;

namespace LlmPulse.Storage;

/// <summary>What a roll-up rebuild did: the series it read, the roll-ups it wrote or found already right, the months it indexed.</summary>
public sealed record RollupRebuildResult(int Series, int DailySeries, int RollupsWritten, int RollupsUnchanged, int MonthsIndexed);

/// <summary>Thrown when a rebuild is asked for a series that is not stored.</summary>
public sealed class SeriesNotFoundException(string seriesId)
    : Exception($"no series '{seriesId}' is stored: 'llmpulse series' lists the stored ones.")
{
    public string SeriesId { get; } = seriesId;
}

/// <summary>
/// Recomputes the monthly roll-ups and the month index from the stored observations, for data stored before
/// roll-ups existed (or by a writer that bypassed <see cref="MonthlyRollupWriter"/>). It reads each series' whole
/// history once, which the briefing never does, so it is a command to run by hand, not part of any schedule.
/// </summary>
/// <remarks>
/// Idempotent: a roll-up equal to the stored one and a month already in the index are not written again, so a
/// rerun writes nothing and says so. A month is complete when the series has any observation after it, as the
/// writer decides it.
/// </remarks>
public sealed class RollupRebuilder(MetricStore metrics, RollupStore rollups)
{
    /// <summary>Rebuilds every series' roll-ups, or only <paramref name="seriesId"/>'s, and the month index.</summary>
    public async Task<RollupRebuildResult> RebuildAsync(string? seriesId, CancellationToken cancellationToken)
    {
        IReadOnlyList<Series> series;
        if (seriesId is null)
        {
            series = await metrics.GetSeriesAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            series = [await metrics.GetSeriesAsync(seriesId, cancellationToken).ConfigureAwait(false) ?? throw new SeriesNotFoundException(seriesId)];
        }

        var indexed = (await rollups.GetMonthsAsync(null, cancellationToken).ConfigureAwait(false)).ToHashSet();
        var newMonths = new SortedSet<DateOnly>();
        var (daily, written, unchanged) = (0, 0, 0);
        foreach (var s in series.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            var observations = await metrics.GetObservationsAsync(s.Id, null, null, cancellationToken).ConfigureAwait(false);
            foreach (var o in observations)
            {
                var month = new DateOnly(o.Period.End.Year, o.Period.End.Month, 1);
                if (!indexed.Contains(month))
                {
                    newMonths.Add(month);
                }
            }

            if (s.Frequency != Frequency.Daily || observations.Count == 0)
            {
                continue;
            }

            daily++;
            // As the writer decides it: a month is complete with a level day on its last day, or any figure after it.
            var levelDays = observations.Where(o => o.Measure == Measure.Level && o.Period.Kind == PeriodKind.Day).Select(o => o.Period.End).DefaultIfEmpty(DateOnly.MinValue).Max();
            var anyEnd = observations.Max(o => o.Period.End);
            var latest = levelDays > anyEnd.AddDays(-1) ? levelDays : anyEnd.AddDays(-1);
            var computed = MonthlyRollup.FromDays(s, observations, latest).ToArray();
            var stored = (await rollups.GetAsync(s.Id, null, null, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Month);
            var changed = computed.Where(r => !stored.TryGetValue(r.Month, out var old) || old != r).ToArray();
            if (changed.Length > 0)
            {
                await rollups.WriteAsync(changed, cancellationToken).ConfigureAwait(false);
            }

            written += changed.Length;
            unchanged += computed.Length - changed.Length;
        }

        if (newMonths.Count > 0)
        {
            await rollups.IndexMonthsAsync(newMonths, cancellationToken).ConfigureAwait(false);
        }

        return new RollupRebuildResult(series.Count, daily, written, unchanged, newMonths.Count);
    }
}
