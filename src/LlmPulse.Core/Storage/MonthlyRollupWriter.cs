using LlmPulse.Briefings;
using LlmPulse.Metrics;

namespace LlmPulse.Storage;

/// <summary>
/// Keeps the months and days tables (<see cref="RollupStore"/>) in step with the observations, called by every
/// writer of observations (the collectors' <c>ObservationWriter</c> and the seed importer) just before it writes
/// them: the month index, a daily series' figures copied into its month's row, and its monthly roll-ups. Only the
/// figures being written are copied, each into its own property of its month's row, so writers of other days of the
/// month keep theirs. Then each month a figure to be written ends in is recomputed from that row, which holds every
/// day written so far, by this writer and any other (a revised day revises its month, a rerun writes the same
/// roll-up again); the month before is recomputed too, since any figure after a month is what makes that month
/// complete, and so is the last month with days before a pause, when the month before the write holds nothing.
/// </summary>
/// <remarks>
/// <para>
/// Derived rows go first, computed as the store will be once the observations are written. Storage going away
/// between the two then leaves observations still to write, which the rerun finds new and writes, recomputing
/// their months again; the other order would leave stored observations that the rerun finds unchanged, and their
/// roll-ups, copies and index rows missing for good.
/// </para>
/// <para>
/// So the observations are no place to read another writer's days from: a writer of other days of the month may
/// have written its roll-up and copies and not yet its observations. Computed from the observations, the last
/// roll-up written lacked the days of the writer whose observations came later, and stayed so. The copies rows
/// are merged into before any roll-up is computed, so a roll-up is computed from them, each read with its ETag;
/// after writing, the rows are read again, and while one changed the roll-ups are computed and written again
/// (at most <see cref="MaxAttempts"/> times, then <see cref="RollupWriteConflictException"/>). That converges on
/// every writer's days: take the last roll-up write of a month, computed from rows that, by its writer's check,
/// did not change between that read and a read after the write. A writer changing the month's row, or the next
/// month's (which decides completeness), recomputes and writes this month's roll-up after its change; had it
/// changed either after the read, its write would come later than the last one. So every change came before the
/// read, and the roll-up includes it, whatever the interleaving, once both writers have returned.
/// </para>
/// <para>
/// Days stored before the months table existed have no copies (until <c>llmpulse rollups rebuild</c>), and the
/// stored days of the months are read from the observations too, once: such days do not change under a write.
/// A figure in both is taken from the copy, written first and so at least as new; a day only in the observations
/// still counts, as before the copies. A month is complete by <see cref="CompleteThrough"/>, as the rebuild decides.
/// </para>
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

        // The months recomputed: every month a figure ends in, and the one before (any figure after a month completes
        // it, a change as well as a level). Their copies rows are read too, and the month after's, which says whether
        // the last of them is complete.
        var first = BriefingMonth.FromDate(toWrite.Min(o => o.Period.End)).Previous;
        var last = BriefingMonth.FromDate(toWrite.Max(o => o.Period.End));
        // Days stored before the months table existed (or by a writer that bypassed this one) have no copies: they
        // come from the observations, read once, as they do not change under this write. With no such days every
        // stored day is in the copies too, and the copies decide (see the remarks).
        var observed = await metrics.GetObservationsAsync(seriesId, first.FirstDay, last.LastDay, cancellationToken).ConfigureAwait(false);
        var copies = await ReadCopiesAsync(seriesId, first, last.Next, cancellationToken).ConfigureAwait(false);
        if (copies[0].Figures.Count == 0 && !observed.Any(o => o.Period.End <= first.LastDay)
            && await PartialMonthBeforeAsync(seriesId, first, cancellationToken).ConfigureAwait(false) is { } gap)
        {
            // The month before holds nothing, so the series paused: the last month it had days in was left partial
            // then, and this write, after it, completes it. It is recomputed with the others.
            first = gap;
            observed = await metrics.GetObservationsAsync(seriesId, first.FirstDay, last.LastDay, cancellationToken).ConfigureAwait(false);
            copies = await ReadCopiesAsync(seriesId, first, last.Next, cancellationToken).ConfigureAwait(false);
        }

        bool? storedLater = null;
        for (var attempt = 1; ; attempt++)
        {
            var merged = observed.ToDictionary(o => o.Key);
            foreach (var observation in toWrite)
            {
                merged[observation.Key] = observation;
            }

            foreach (var observation in copies.SelectMany(c => c.Figures))
            {
                merged[observation.Key] = observation;
            }

            var stored = merged.Values
                .Where(o => o.Measure == Measure.Level && o.Period.Kind == PeriodKind.Day && o.Period.End <= last.LastDay)
                .OrderBy(o => o.Period)
                .ToArray();
            if (stored.Length == 0)
            {
                // No level day in these months (a write of changes only, before any level): nothing to roll up.
                return;
            }

            var latest = CompleteThrough(stored.Max(o => o.Period.End), merged.Values.Max(o => o.Period.End));
            if (latest < last.LastDay && (storedLater ??= await metrics.AnyEndingFromAsync(seriesId, last.Next.FirstDay, cancellationToken).ConfigureAwait(false)))
            {
                // A figure stored after the months read (the observations are not read past the last one).
                latest = last.LastDay;
            }

            var computed = MonthlyRollup.FromDays(series, stored, latest).ToArray();
            if (BeforeRollupWriteForTests is { } before)
            {
                await before(attempt, cancellationToken).ConfigureAwait(false);
            }

            await rollups.WriteAsync(computed, cancellationToken).ConfigureAwait(false);
            var now = await ReadCopiesAsync(seriesId, first, last.Next, cancellationToken).ConfigureAwait(false);
            if (now.Select(c => c.ETag).SequenceEqual(copies.Select(c => c.ETag)))
            {
                return;
            }

            if (attempt == MaxAttempts)
            {
                throw new RollupWriteConflictException(seriesId, first, last, attempt);
            }

            // The rows as they are now are what the next attempt computes from (and checks against after writing).
            copies = now;
        }
    }

    /// <summary>
    /// The month of the series' latest roll-up before <paramref name="month"/> when that roll-up is partial, else
    /// null: one query of the months table, which holds roll-ups and the month index only, asked only when the month
    /// before a write holds nothing (a series' first write, or its first after a pause).
    /// </summary>
    private async Task<BriefingMonth?> PartialMonthBeforeAsync(string seriesId, BriefingMonth month, CancellationToken cancellationToken)
    {
        var earlier = await rollups.GetAsync(seriesId, null, month.Previous.LastDay, cancellationToken).ConfigureAwait(false);
        return earlier.Count > 0 && earlier[^1] is { Partial: true } partial ? BriefingMonth.FromDate(partial.Month.Start) : null;
    }

    /// <summary>How often a write recomputes its roll-ups because another writer changed their months meanwhile.</summary>
    internal const int MaxAttempts = 8;

    /// <summary>
    /// Runs between computing the roll-ups and writing them, with the attempt's number: a test seam, so that a test
    /// can make another writer change the months at exactly that moment. Null in the application.
    /// </summary>
    internal Func<int, CancellationToken, Task>? BeforeRollupWriteForTests { get; set; }

    /// <summary>
    /// The series' copies rows of the months, with their ETags. A collector's write of a day or two reads its three
    /// months with a point read each, at once; a write spanning more (an import of years) with one query, which
    /// under Azurite scans the whole days table, and was slower than three point reads and faster than dozens.
    /// </summary>
    private async Task<IReadOnlyList<SeriesMonthCopies>> ReadCopiesAsync(string seriesId, BriefingMonth from, BriefingMonth to, CancellationToken cancellationToken)
    {
        if (to > from.Next.Next)
        {
            return await rollups.ReadSeriesMonthCopiesAsync(seriesId, from, to, cancellationToken).ConfigureAwait(false);
        }

        var months = new List<BriefingMonth>();
        for (var month = from; month <= to; month = month.Next)
        {
            months.Add(month);
        }

        return await Task.WhenAll(months.Select(m => rollups.ReadSeriesMonthCopiesAsync(seriesId, m, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>
    /// The last day up to which a series' months are complete, the one rule the writer and
    /// <see cref="RollupRebuilder"/> share: a month is complete once the series has a level day on or after its last
    /// day (<paramref name="latestLevelDay"/>), or any figure ending after it (<paramref name="latestEnd"/>).
    /// </summary>
    internal static DateOnly CompleteThrough(DateOnly latestLevelDay, DateOnly latestEnd)
    {
        var beforeLatestEnd = latestEnd == DateOnly.MinValue ? latestEnd : latestEnd.AddDays(-1);
        return latestLevelDay > beforeLatestEnd ? latestLevelDay : beforeLatestEnd;
    }
}

/// <summary>Thrown when a series' months kept changing under a roll-up write: nothing of the write's observations is stored yet, so a rerun writes them again.</summary>
public sealed class RollupWriteConflictException(string seriesId, BriefingMonth first, BriefingMonth last, int attempts)
    : Exception($"The monthly roll-ups of {seriesId} from {first} to {last} kept changing under this write ({attempts} attempts, other writers of the same months); its observations were not written. Run it again.")
{
    public string SeriesId { get; } = seriesId;
}
