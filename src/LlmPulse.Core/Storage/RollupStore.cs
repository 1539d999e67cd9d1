using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using LlmPulse.Metrics;
using Microsoft.Extensions.Options;

namespace LlmPulse.Storage;

/// <summary>
/// Monthly roll-ups of daily series, and the index of months that hold data, kept beside the raw observations in
/// the observations table, in partitions of their own: <c>rollup|{series}</c> keyed by month, and
/// <c>index|months</c> with one row per month in which some observation's period ends. Living in the same table,
/// they need no setting of their own and every deployment (and every test's own table) has them.
/// </summary>
/// <remarks>
/// Series ids start with a letter or digit and hold no '|', so these partitions never meet a series' own.
/// A briefing reads a series' roll-ups (twelve rows a year) instead of its days, and "which months have data"
/// is one read of the index partition.
/// </remarks>
public sealed class RollupStore
{
    private const string MonthIndexPartition = "index|months";
    private const string RollupPrefix = "rollup|";

    /// <summary>The first key after every roll-up partition: '}' follows '|' in ordinal order.</summary>
    private const string RollupPrefixEnd = "rollup}";

    private readonly TableClient _table;

    // Months this instance has already written to the index: a collector writing a month's days one run at a
    // time writes its index row once per process, not once per run.
    private readonly ConcurrentDictionary<string, bool> _indexed = new(StringComparer.Ordinal);
    private volatile bool _created;

    public RollupStore(StorageClients clients, IOptions<StorageOptions> options)
    {
        _table = clients.Tables.GetTableClient(options.Value.ObservationsTable);
    }

    /// <summary>Upserts roll-ups: a month's roll-up replaces the one computed before (a revised day revises it).</summary>
    public async Task WriteAsync(IEnumerable<MonthlyRollup> rollups, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        foreach (var partition in rollups.GroupBy(r => r.SeriesId, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Select(RollupEntity.From).Chunk(MetricStore.MaxBatchSize))
            {
                var actions = chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e));
                await Guard(() => _table.SubmitTransactionAsync(actions, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A series' roll-ups for months from <paramref name="from"/> to <paramref name="to"/> (both optional), oldest first.</summary>
    public async Task<IReadOnlyList<MonthlyRollup>> GetAsync(string seriesId, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RollupPrefix + seriesId}");
        if (from is { } f)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey ge {MonthKey(f)}");
        }

        if (to is { } t)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey le {MonthKey(t)}");
        }

        return await Guard(async () =>
        {
            var result = new List<MonthlyRollup>();
            await foreach (var entity in _table.QueryAsync<RollupEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(entity.ToRollup(seriesId));
            }

            result.Sort((a, b) => a.Month.CompareTo(b.Month));
            return (IReadOnlyList<MonthlyRollup>)result;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every series' roll-ups for months up to <paramref name="to"/>'s month, by series id, each oldest first: one
    /// range query over the roll-up partitions, which sit side by side in key order. A briefing of hundreds of daily
    /// series pays one query (a page per thousand months) instead of one per series; under Azurite every query scans
    /// the whole table, days included, so a query per series made the load grow with the square of the series.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<MonthlyRollup>>> GetAllAsync(DateOnly to, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);

        var filter = TableClient.CreateQueryFilter($"PartitionKey gt {RollupPrefix} and PartitionKey lt {RollupPrefixEnd} and RowKey le {MonthKey(to)}");
        return await Guard(async () =>
        {
            var result = new Dictionary<string, List<MonthlyRollup>>(StringComparer.Ordinal);
            await foreach (var entity in _table.QueryAsync<RollupEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var seriesId = entity.PartitionKey[RollupPrefix.Length..];
                if (!result.TryGetValue(seriesId, out var list))
                {
                    list = [];
                    result[seriesId] = list;
                }

                list.Add(entity.ToRollup(seriesId));
            }

            foreach (var list in result.Values)
            {
                list.Sort((a, b) => a.Month.CompareTo(b.Month));
            }

            return (IReadOnlyDictionary<string, IReadOnlyList<MonthlyRollup>>)result.ToDictionary(p => p.Key, p => (IReadOnlyList<MonthlyRollup>)p.Value, StringComparer.Ordinal);
        }, cancellationToken).ConfigureAwait(false);
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
            await Guard(() => _table.SubmitTransactionAsync(actions, cancellationToken), cancellationToken).ConfigureAwait(false);
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

        return await Guard(async () =>
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

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await Guard(() => _table.CreateIfNotExistsAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        _created = true;
    }

    private static string MonthKey(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private Task<T> Guard<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        StorageUnavailableException.Guard(_table.Uri, call, cancellationToken);

    private sealed class RollupEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";

        public string RowKey { get; set; } = "";

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string Rule { get; set; } = "";

        /// <summary>Invariant text, like observation values, so the figure keeps its digits.</summary>
        public string Value { get; set; } = "";

        public int DaysWithData { get; set; }

        public bool Partial { get; set; }

        public string LastDay { get; set; } = "";

        public bool Approximate { get; set; }

        public string ReportedBy { get; set; } = "";

        public DateTimeOffset CollectedAt { get; set; }

        public static RollupEntity From(MonthlyRollup r) => new()
        {
            PartitionKey = RollupPrefix + r.SeriesId,
            RowKey = MonthKey(r.Month.Start),
            Rule = r.Rule.ToText(),
            Value = r.Value.ToString(CultureInfo.InvariantCulture),
            DaysWithData = r.DaysWithData,
            Partial = r.Partial,
            LastDay = r.LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Approximate = r.Approximate,
            ReportedBy = r.ReportedBy,
            CollectedAt = r.CollectedAt,
        };

        public MonthlyRollup ToRollup(string seriesId) =>
            Period.TryParse(RowKey, out var month)
            && MetricNames.TryParseMonthRule(Rule, out var rule)
            && decimal.TryParse(Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            && DateOnly.TryParseExact(LastDay, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var lastDay)
                ? new MonthlyRollup(seriesId, month, rule, value, DaysWithData, Partial, lastDay, Approximate, ReportedBy, CollectedAt)
                : throw new InvalidDataException($"Stored roll-up {PartitionKey}/{RowKey} is malformed.");
    }
}
