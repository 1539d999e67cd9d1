using LlmPulse.Briefings;
using LlmPulse.Metrics;

namespace LlmPulse.Storage;

/// <summary>What a roll-up rebuild did: the series it read, the roll-ups it wrote or found already right, the months it indexed.</summary>
public sealed record RollupRebuildResult(int Series, int DailySeries, int RollupsWritten, int RollupsUnchanged, int MonthsIndexed)
{
    /// <summary>Daily series' figures copied to their month's row (days table, <c>days|YYYY-MM</c>) because the copy was missing or differed.</summary>
    public int DaysCopied { get; init; }

    /// <summary>Rows of the layout before the months table (roll-ups, copies and index in the observations table) deleted.</summary>
    public int OldRowsDeleted { get; init; }

    /// <summary>Month copies of the layout before the days table (copies in the months table) deleted.</summary>
    public int OldCopiesDeleted { get; init; }
}

/// <summary>Thrown when a rebuild is asked for a series that is not stored.</summary>
public sealed class SeriesNotFoundException(string seriesId)
    : Exception($"no series '{seriesId}' is stored: 'llmpulse series' lists the stored ones.")
{
    public string SeriesId { get; } = seriesId;
}

/// <summary>
/// Recomputes the months and days tables (<see cref="RollupStore"/>: monthly roll-ups, the month copies of daily
/// series' figures and the month index) from the stored observations, for data stored before they existed (or by a
/// writer that bypassed <see cref="MonthlyRollupWriter"/>), and, rebuilding every series, deletes the rows earlier
/// layouts kept: in the observations table, and the month copies in the months table. It reads each series' whole
/// history once, which the briefing never does, so it is a command to run by hand, not part of any schedule.
/// </summary>
/// <remarks>
/// Idempotent: a roll-up or a month copy equal to the stored one and a month already in the index are not written
/// again, so a rerun writes nothing and says so. The stored roll-ups are read once, and each month's copies once
/// (one partition query), for all series; writes go a hundred rows of a partition at a time. A month is complete
/// when the series has any observation after it, as the writer decides it. Old rows go last, so a rebuild cut off
/// halfway leaves them for the rerun, and nothing reads them meanwhile.
/// </remarks>
public sealed class RollupRebuilder(MetricStore metrics, RollupStore rollups)
{
    /// <summary>Pending copies are written once this many are waiting, so a rebuild of years of many series stays small in memory.</summary>
    private const int CopyBatch = 20_000;

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
        var storedRollups = seriesId is null
            ? await rollups.GetAllAsync(DateOnly.MaxValue, cancellationToken).ConfigureAwait(false)
            : new Dictionary<string, IReadOnlyList<MonthlyRollup>>(StringComparer.Ordinal) { [seriesId] = await rollups.GetAsync(seriesId, null, null, cancellationToken).ConfigureAwait(false) };
        var newMonths = new SortedSet<DateOnly>();
        var (daily, written, unchanged, copied) = (0, 0, 0, 0);
        var copies = new Dictionary<BriefingMonth, HashSet<(string SeriesId, string Property, string Packed)>>();
        var toCopy = new List<Observation>();
        var toRollUp = new List<MonthlyRollup>();
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
            var latest = MonthlyRollupWriter.CompleteThrough(levelDays, observations.Max(o => o.Period.End));
            var computed = MonthlyRollup.FromDays(s, observations, latest).ToArray();
            var stored = storedRollups.TryGetValue(s.Id, out var list) ? list.ToDictionary(r => r.Month) : [];
            var changed = computed.Where(r => !stored.TryGetValue(r.Month, out var old) || old != r || old.Value.Scale != r.Value.Scale).ToArray();
            toRollUp.AddRange(changed);
            written += changed.Length;
            unchanged += computed.Length - changed.Length;

            // As the writer copies them: every figure of a daily series, into its row of the month it ends in.
            foreach (var month in observations.GroupBy(o => BriefingMonth.FromDate(o.Period.End)))
            {
                if (!copies.TryGetValue(month.Key, out var storedCopies))
                {
                    storedCopies = (await rollups.ReadPackedCopiesAsync(month.Key, cancellationToken).ConfigureAwait(false)).ToHashSet();
                    copies[month.Key] = storedCopies;
                }

                toCopy.AddRange(month.Where(o => !storedCopies.Contains((o.SeriesId, PackedFigures.FigureProperty(o.Period, o.Measure), PackedFigures.Pack(o)))));
            }

            if (toCopy.Count >= CopyBatch)
            {
                copied += await CopyAsync(toCopy, cancellationToken).ConfigureAwait(false);
            }
        }

        // Copies and roll-ups before the index, as the writer orders them: a month in the index has its rows.
        copied += await CopyAsync(toCopy, cancellationToken).ConfigureAwait(false);
        await rollups.WriteAsync(toRollUp, cancellationToken).ConfigureAwait(false);
        if (newMonths.Count > 0)
        {
            await rollups.IndexMonthsAsync(newMonths, cancellationToken).ConfigureAwait(false);
        }

        var (deleted, copiesDeleted) = seriesId is null
            ? (await metrics.DeleteOldDerivedRowsAsync(cancellationToken).ConfigureAwait(false), await rollups.DeleteOldDayRowsAsync(cancellationToken).ConfigureAwait(false))
            : (0, 0);
        return new RollupRebuildResult(series.Count, daily, written, unchanged, newMonths.Count) { DaysCopied = copied, OldRowsDeleted = deleted, OldCopiesDeleted = copiesDeleted };
    }

    private async Task<int> CopyAsync(List<Observation> toCopy, CancellationToken cancellationToken)
    {
        var count = toCopy.Count;
        await rollups.WriteMonthCopiesAsync(toCopy, cancellationToken).ConfigureAwait(false);
        toCopy.Clear();
        return count;
    }
}
