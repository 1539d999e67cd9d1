using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using LlmPulse.Briefings;
using LlmPulse.Metrics;
using Microsoft.Extensions.Options;

namespace LlmPulse.Storage;

/// <summary>
/// What a briefing reads of its daily series, kept in two tables of their own beside the observations: the monthly
/// roll-ups and the index of months that hold data in the months table (<see cref="StorageOptions.MonthsTable"/>),
/// and the figures of daily series by month in the days table (<see cref="StorageOptions.DaysTable"/>). All of it is
/// derived from the observations and written before them (see <see cref="MonthlyRollupWriter"/>);
/// <c>llmpulse rollups rebuild</c> writes it again from them.
/// </summary>
/// <remarks>
/// <para>
/// Rows are packed so that a briefing reads a few pages whatever the number of series: a month's figures of a daily
/// series are one row (partition <c>days|YYYY-MM</c>, row key the series id, one property per figure, <c>D01</c> to
/// <c>D31</c>), a year's roll-ups of a series are one row (partition <c>rollups|YYYY</c>, one property per month,
/// <c>M01</c> to <c>M12</c>), and the month index is the partition <c>index|months</c> (see <see cref="PackedFigures"/>).
/// A briefing of 500 daily series over three years reads 500 rows of days and 1,500 rows of roll-ups.
/// </para>
/// <para>
/// Tables of their own, not partitions of the observations table: Azurite answers every query, a partition query
/// too, by scanning the whole table, and the observations table grows with every day of every series (1.1 million
/// rows at 500 series over three years, with the old copies). These grow with months. The days are apart from the
/// roll-ups for the same reason: a briefing reads the roll-ups of every year, in three queries, and the days of one
/// month, in one; with both in one table (18,000 rows of days and 1,500 of roll-ups at 500 series over three years)
/// each of the four scanned all of it, and the load took about twice as long.
/// </para>
/// <para>
/// Writes are merges (<see cref="TableUpdateMode.Merge"/>) of the properties written, never read-modify-write: two
/// writers of different days of one month each set their own day and keep the other's, a revised figure replaces
/// its own property, and a rerun sets the same text again. Series ids hold no '|', and start with a letter or digit.
/// </para>
/// </remarks>
public sealed class RollupStore
{
    private const string MonthIndexPartition = "index|months";
    private const string DaysPrefix = "days|";
    private const string RollupsPrefix = "rollups|";

    private readonly TableClient _table;
    private readonly TableClient _days;

    // Months this instance has already written to the index: a collector writing a month's days one run at a
    // time writes its index row once per process, not once per run.
    private readonly ConcurrentDictionary<string, bool> _indexed = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _creating = new(1, 1);
    private volatile bool _created;

    public RollupStore(StorageClients clients, IOptions<StorageOptions> options)
    {
        _table = clients.Tables.GetTableClient(options.Value.MonthsTable);
        _days = clients.Tables.GetTableClient(options.Value.DaysTable);
    }

    /// <summary>
    /// Writes roll-ups: each replaces the one of its series and month (a revised day revises it), leaving the other
    /// months of the year as they are. One transaction per hundred series of a year.
    /// </summary>
    public Task WriteAsync(IEnumerable<MonthlyRollup> rollups, CancellationToken cancellationToken) =>
        MergeAsync(
            _table,
            rollups.Select(r => (Partition: YearPartition(r.Month.Start.Year), Row: r.SeriesId, Property: PackedFigures.MonthProperty(r.Month), Value: PackedFigures.Pack(r))),
            cancellationToken);

    /// <summary>A series' roll-ups for months from <paramref name="from"/> to <paramref name="to"/> (both optional), oldest first.</summary>
    public async Task<IReadOnlyList<MonthlyRollup>> GetAsync(string seriesId, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {YearPartition(from?.Year ?? 0)} and PartitionKey le {YearPartition(to?.Year ?? 9999)} and RowKey eq {seriesId}");
        var all = await ReadRollupsAsync(filter, cancellationToken).ConfigureAwait(false);
        return all.TryGetValue(seriesId, out var list)
            ? list.Where(r => (from is not { } f || r.Month.End >= f) && (to is not { } t || r.Month.Start <= t)).ToArray()
            : [];
    }

    /// <summary>
    /// Every series' roll-ups for months up to <paramref name="to"/>'s month, by series id, each oldest first: one
    /// range query over the year partitions, a row per series and year.
    /// </summary>
    /// <remarks>
    /// Three queries at once rather than one: the year of <paramref name="to"/>, the year before, and every year
    /// before those. A single range query of 500 series over three years is two pages (1,000 rows at most each),
    /// the second asked for only once the first has come back and, under Azurite, a second scan of the whole table;
    /// split by year, each is one page, and storage writes one answer while the SDK reads another.
    /// </remarks>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<MonthlyRollup>>> GetAllAsync(DateOnly to, CancellationToken cancellationToken)
    {
        var filters = new List<string>
        {
            TableClient.CreateQueryFilter($"PartitionKey eq {YearPartition(to.Year)}"),
            TableClient.CreateQueryFilter($"PartitionKey eq {YearPartition(to.Year - 1)}"),
        };
        if (to.Year >= 2)
        {
            filters.Add(TableClient.CreateQueryFilter($"PartitionKey ge {YearPartition(0)} and PartitionKey le {YearPartition(to.Year - 2)}"));
        }

        var all = await ReadRollupsAsync(filters, cancellationToken).ConfigureAwait(false);
        return all.ToDictionary(
            p => p.Key,
            p => (IReadOnlyList<MonthlyRollup>)p.Value.Where(r => r.Month.Start <= to).ToArray(),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Writes the figures of daily series into their month's rows: each sets its own property and leaves the
    /// others, so a revised figure revises its copy and a rerun writes the same text. One transaction per hundred
    /// series of a month.
    /// </summary>
    public Task WriteMonthCopiesAsync(IEnumerable<Observation> observations, CancellationToken cancellationToken) =>
        MergeAsync(
            _days,
            observations.Select(o => (Partition: MonthPartition(o.Period.End), Row: o.SeriesId, Property: PackedFigures.FigureProperty(o.Period, o.Measure), Value: PackedFigures.Pack(o))),
            cancellationToken);

    /// <summary>Every daily series' figures ending in <paramref name="month"/>, as stored in its rows: one partition query.</summary>
    public async Task<IReadOnlyList<Observation>> GetMonthCopiesAsync(BriefingMonth month, CancellationToken cancellationToken) =>
        (await ReadMonthCopiesAsync(month, cancellationToken).ConfigureAwait(false)).Figures;

    /// <summary>
    /// As <see cref="GetMonthCopiesAsync"/>, with the series whose month holds a figure that could not be copied (too
    /// long to pack, or unreadable): a reader reads those series' month from the observations.
    /// </summary>
    public async Task<MonthCopies> ReadMonthCopiesAsync(BriefingMonth month, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {MonthPartition(month.FirstDay)}");
        return await Guard(_days, async () =>
        {
            // Each property's name read once, as it comes: every figure of the month of every daily series.
            var figures = new List<Observation>();
            var uncopied = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var entity in _days.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var row = Unpack(entity.RowKey, month, entity);
                figures.AddRange(row.Figures);
                if (row.Uncopied)
                {
                    uncopied.Add(entity.RowKey);
                }
            }

            return new MonthCopies(figures, uncopied);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One daily series' copied figures of each month from <paramref name="from"/> to <paramref name="to"/>, oldest
    /// first, with each row's ETag (null for a month the series has no row in): one query, for a roll-up writer that
    /// recomputes until the rows it computed from stop changing.
    /// </summary>
    public async Task<IReadOnlyList<SeriesMonthCopies>> ReadSeriesMonthCopiesAsync(string seriesId, BriefingMonth from, BriefingMonth to, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {MonthPartition(from.FirstDay)} and PartitionKey le {MonthPartition(to.FirstDay)} and RowKey eq {seriesId}");
        var rows = await Guard(_days, async () =>
        {
            var result = new Dictionary<BriefingMonth, TableEntity>();
            await foreach (var entity in _days.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result[BriefingMonth.Parse(entity.PartitionKey[DaysPrefix.Length..])] = entity;
            }

            return result;
        }, cancellationToken).ConfigureAwait(false);

        var months = new List<SeriesMonthCopies>();
        for (var month = from; month <= to; month = month.Next)
        {
            months.Add(rows.TryGetValue(month, out var entity) ? Unpack(seriesId, month, entity) : new SeriesMonthCopies(month, [], false, null));
        }

        return months;
    }

    /// <summary>As the range overload for one month: a point read, which under Azurite costs less than a query (a scan of the table).</summary>
    public async Task<SeriesMonthCopies> ReadSeriesMonthCopiesAsync(string seriesId, BriefingMonth month, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var response = await Guard(_days, () => _days.GetEntityIfExistsAsync<TableEntity>(MonthPartition(month.FirstDay), seriesId, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity ? Unpack(seriesId, month, entity) : new SeriesMonthCopies(month, [], false, null);
    }

    private static SeriesMonthCopies Unpack(string seriesId, BriefingMonth month, TableEntity entity)
    {
        var figures = new List<Observation>();
        var uncopied = false;
        foreach (var (property, value) in entity)
        {
            if (value is string packed && PackedFigures.TryParseFigureProperty(property, month.FirstDay, out var period, out var measure))
            {
                if (PackedFigures.TryUnpack(seriesId, period, measure, packed, out var observation))
                {
                    figures.Add(observation);
                }
                else
                {
                    uncopied = true;
                }
            }
        }

        return new SeriesMonthCopies(month, figures, uncopied, entity.ETag);
    }

    /// <summary>The month's copies as stored text, for a rebuild that writes only what differs.</summary>
    internal async Task<IReadOnlyList<(string SeriesId, string Property, string Packed)>> ReadPackedCopiesAsync(BriefingMonth month, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {MonthPartition(month.FirstDay)}");
        return await Guard(_days, async () =>
        {
            var result = new List<(string, string, string)>();
            await foreach (var entity in _days.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                foreach (var (property, value) in entity)
                {
                    if (value is string packed && PackedFigures.TryParseFigureProperty(property, month.FirstDay, out _, out _))
                    {
                        result.Add((entity.RowKey, property, packed));
                    }
                }
            }

            return (IReadOnlyList<(string, string, string)>)result;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the month copies that the months table held before the days table (partitions <c>days|YYYY-MM</c>
    /// there), which nothing reads any more, and returns how many; a rebuild writes them into the days table first.
    /// </summary>
    internal async Task<int> DeleteOldDayRowsAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {DaysPrefix} and PartitionKey lt {DaysPrefix[..^1] + "}"}");
        return await TableRows.DeleteAsync(_table, filter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records that observations end in these months (idempotent).</summary>
    public async Task IndexMonthsAsync(IEnumerable<DateOnly> dates, CancellationToken cancellationToken)
    {
        var keys = dates.Select(MonthKey).Distinct(StringComparer.Ordinal).Where(k => !_indexed.ContainsKey(k)).ToArray();
        if (keys.Length == 0)
        {
            return;
        }

        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in keys.Chunk(MetricStore.MaxBatchSize))
        {
            var actions = chunk.Select(k => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(MonthIndexPartition, k)));
            await Guard(_table, () => _table.SubmitTransactionAsync(actions, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        foreach (var key in keys)
        {
            _indexed[key] = true;
        }
    }

    /// <summary>The first day of every month in the index, up to <paramref name="to"/>'s month, oldest first.</summary>
    public async Task<IReadOnlyList<DateOnly>> GetMonthsAsync(DateOnly? to, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {MonthIndexPartition}");
        if (to is { } t)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey le {MonthKey(t)}");
        }

        return await Guard(_table, async () =>
        {
            var result = new List<DateOnly>();
            await foreach (var entity in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(DateOnly.ParseExact(entity.RowKey + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            result.Sort();
            return (IReadOnlyList<DateOnly>)result;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates both tables once per instance; callers arriving together wait for the one creation (see <see cref="MetricStore.EnsureCreatedAsync"/>).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _creating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_created)
            {
                await Guard(_table, () => _table.CreateIfNotExistsAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
                await Guard(_days, () => _days.CreateIfNotExistsAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
                _created = true;
            }
        }
        finally
        {
            _creating.Release();
        }
    }

    internal static string MonthPartition(DateOnly date) => DaysPrefix + MonthKey(date);

    private static string YearPartition(int year) => RollupsPrefix + year.ToString("D4", CultureInfo.InvariantCulture);

    private static string MonthKey(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Merges properties into rows of <paramref name="table"/>, one entity per row, in transactions of at most 100 rows of one partition.</summary>
    private async Task MergeAsync(TableClient table, IEnumerable<(string Partition, string Row, string Property, string Value)> cells, CancellationToken cancellationToken)
    {
        var entities = new Dictionary<(string Partition, string Row), TableEntity>();
        foreach (var (partition, row, property, value) in cells)
        {
            if (!entities.TryGetValue((partition, row), out var entity))
            {
                entity = new TableEntity(partition, row);
                entities[(partition, row)] = entity;
            }

            entity[property] = value;
        }

        if (entities.Count == 0)
        {
            return;
        }

        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        foreach (var partition in entities.Values.GroupBy(e => e.PartitionKey, StringComparer.Ordinal).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.OrderBy(e => e.RowKey, StringComparer.Ordinal).Chunk(MetricStore.MaxBatchSize))
            {
                var actions = chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertMerge, e));
                await Guard(table, () => table.SubmitTransactionAsync(actions, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Roll-up rows matching <paramref name="filter"/>, unpacked, by series id, each oldest first.</summary>
    private Task<Dictionary<string, List<MonthlyRollup>>> ReadRollupsAsync(string filter, CancellationToken cancellationToken) =>
        ReadRollupsAsync([filter], cancellationToken);

    /// <summary>Roll-up rows matching any of <paramref name="filters"/> (which match no row twice), queried at once, by series id, each oldest first.</summary>
    private async Task<Dictionary<string, List<MonthlyRollup>>> ReadRollupsAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var parts = await Task.WhenAll(filters.Select(filter => ReadRollupRowsAsync(filter, cancellationToken))).ConfigureAwait(false);
        var result = parts[0];
        foreach (var part in parts.Skip(1))
        {
            foreach (var (seriesId, list) in part)
            {
                if (result.TryGetValue(seriesId, out var merged))
                {
                    merged.AddRange(list);
                }
                else
                {
                    result[seriesId] = list;
                }
            }
        }

        foreach (var list in result.Values)
        {
            list.Sort((a, b) => a.Month.CompareTo(b.Month));
        }

        return result;
    }

    /// <summary>Roll-up rows matching <paramref name="filter"/>, unpacked, by series id, in no particular order.</summary>
    private async Task<Dictionary<string, List<MonthlyRollup>>> ReadRollupRowsAsync(string filter, CancellationToken cancellationToken)
    {
        return await Guard(_table, async () =>
        {
            var result = new Dictionary<string, List<MonthlyRollup>>(StringComparer.Ordinal);
            await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var year = int.Parse(entity.PartitionKey.AsSpan(RollupsPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture);
                if (!result.TryGetValue(entity.RowKey, out var list))
                {
                    list = [];
                    result[entity.RowKey] = list;
                }

                foreach (var (property, value) in entity)
                {
                    if (value is string packed && PackedFigures.TryParseMonthProperty(property, year, out var month))
                    {
                        list.Add(PackedFigures.UnpackRollup(entity.RowKey, month, packed));
                    }
                }
            }

            return result;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static Task<T> Guard<T>(TableClient table, Func<Task<T>> call, CancellationToken cancellationToken) =>
        StorageUnavailableException.Guard(table.Uri, call, cancellationToken);
}

/// <summary>
/// A month's copied figures of daily series, and the series with a figure in that month that could not be copied,
/// whose month is to be read from the observations.
/// </summary>
public sealed record MonthCopies(IReadOnlyList<Observation> Figures, IReadOnlySet<string> Uncopied);

/// <summary>
/// One daily series' copied figures of a month, whether one of them could not be copied, and the row's ETag (null
/// without a row): the ETag changes with every write to the row, so a reader can tell whether it changed since.
/// </summary>
public sealed record SeriesMonthCopies(BriefingMonth Month, IReadOnlyList<Observation> Figures, bool Uncopied, ETag? ETag);
