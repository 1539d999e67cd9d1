using LlmPulse.Metrics;

namespace LlmPulse.Storage;

/// <summary>What a roll-up rebuild did: the series it read, the roll-ups it wrote or found already right, the months it indexed.</summary>
public sealed record RollupRebuildResult(int Series, int DailySeries, int RollupsWritten, int RollupsUnchanged, int MonthsIndexed)
{
    /// <summary>Daily series' figures copied to their month's partition (<c>days|YYYY-MM</c>) because the copy was missing or differed.</summary>
    public int DaysCopied { get; init; }
}

/// <summary>Thrown when a rebuild is asked for a series that is not stored.</summary>
public sealed class SeriesNotFoundException(string seriesId)
    : Exception($"no series '{seriesId}' is stored: 'llmpulse series' lists the stored ones.")
{
    public string SeriesId { get; } = seriesId;
}

/// <summary>
/// Recomputes the monthly roll-ups, the month copies of daily series' figures and the month index from the stored
/// observations, for data stored before roll-ups or copies existed (or by a writer that bypassed <see cref="MonthlyRollupWriter"/>). It reads each series' whole
/// history once, which the briefing never does, so it is a command to run by hand, not part of any schedule.
/// </summary>
/// <remarks>
/// Idempotent: a roll-up or a month copy equal to the stored one and a month already in the index are not written
/// again, so a rerun writes nothing and says so. Each month's copies are read once (one partition query), for all
/// series. A month is complete when the series has any observation after it, as the
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
        var (daily, written, unchanged, copied) = (0, 0, 0, 0);
        var copies = new Dictionary<DateOnly, Dictionary<ObservationKey, Observation>>();
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

            // As the writer copies them: every figure of a daily series, into the partition of the month it ends in.
            var toCopy = new List<Observation>();
            foreach (var month in observations.GroupBy(o => new DateOnly(o.Period.End.Year, o.Period.End.Month, 1)))
            {
                if (!copies.TryGetValue(month.Key, out var storedCopies))
                {
                    storedCopies = (await metrics.GetMonthCopiesAsync(Briefings.BriefingMonth.FromDate(month.Key), cancellationToken).ConfigureAwait(false)).ToDictionary(o => o.Key);
                    copies[month.Key] = storedCopies;
                }

                toCopy.AddRange(month.Where(o => !storedCopies.TryGetValue(o.Key, out var copy) || copy != o || copy.Value.Scale != o.Value.Scale));
            }

            if (toCopy.Count > 0)
            {
                await metrics.WriteMonthCopiesAsync(toCopy, cancellationToken).ConfigureAwait(false);
            }

            copied += toCopy.Count;
            unchanged += computed.Length - changed.Length;
        }

        if (newMonths.Count > 0)
        {
            await rollups.IndexMonthsAsync(newMonths, cancellationToken).ConfigureAwait(false);
        }

        return new RollupRebuildResult(series.Count, daily, written, unchanged, newMonths.Count) { DaysCopied = copied };
    }
}
