using System.Globalization;
using Azure;
using Azure.Data.Tables;
using LlmPulse.Metrics;
using Microsoft.Extensions.Options;

namespace LlmPulse.Storage;

/// <summary>
/// Series and observations in Azure Table Storage. Observations are partitioned by series and keyed by the
/// period's end date first, so "one series up to a date" is a single partition range query.
/// </summary>
public sealed class MetricStore
{
    /// <summary>Table Storage accepts at most 100 operations per transaction, all in one partition.</summary>
    public const int MaxBatchSize = 100;

    private const string SeriesPartition = "series";

    private readonly TableClient _series;
    private readonly TableClient _observations;
    private volatile bool _created;

    public MetricStore(StorageClients clients, IOptions<StorageOptions> options)
    {
        _series = clients.Tables.GetTableClient(options.Value.SeriesTable);
        _observations = clients.Tables.GetTableClient(options.Value.ObservationsTable);
    }

    public Uri Endpoint => _observations.Uri;

    public async Task<IReadOnlyList<Series>> GetSeriesAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await Guard(async () =>
        {
            var result = new List<Series>();
            await foreach (var entity in _series.QueryAsync<SeriesEntity>(e => e.PartitionKey == SeriesPartition, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(entity.ToSeries());
            }

            return (IReadOnlyList<Series>)result;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteSeriesAsync(IEnumerable<Series> series, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in series.Select(SeriesEntity.From).Chunk(MaxBatchSize))
        {
            var actions = chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e));
            await Guard(() => _series.SubmitTransactionAsync(actions, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One series by id (a point read), or null when it is not stored.</summary>
    public async Task<Series?> GetSeriesAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await Guard(async () =>
        {
            var response = await _series.GetEntityIfExistsAsync<SeriesEntity>(SeriesPartition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue ? response.Value!.ToSeries() : null;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Observations of one series whose period ends within [<paramref name="endFrom"/>, <paramref name="endTo"/>],
    /// oldest first.
    /// </summary>
    public async Task<IReadOnlyList<Observation>> GetObservationsAsync(
        string seriesId,
        DateOnly? endFrom,
        DateOnly? endTo,
        CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {seriesId}");
        if (endFrom is { } from)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey ge {DateKey(from)}");
        }

        if (endTo is { } to)
        {
            // '~' sorts after every character used in row keys, so this takes every row of that end date.
            filter += " and " + TableClient.CreateQueryFilter($"RowKey lt {DateKey(to) + "~"}");
        }

        return await Guard(async () =>
        {
            var result = new List<Observation>();
            await foreach (var entity in _observations.QueryAsync<ObservationEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(entity.ToObservation());
            }

            result.Sort((a, b) => a.Period.CompareTo(b.Period));
            return (IReadOnlyList<Observation>)result;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// For each series asked about, its observations whose period ends in <paramref name="month"/>: one range query
    /// of that month's rows per series, so asking whether a month's data is in stays cheap however long the history.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<Observation>>> GetMonthObservationsAsync(
        IEnumerable<string> seriesIds,
        Briefings.BriefingMonth month,
        CancellationToken cancellationToken)
    {
        var ids = seriesIds.Distinct(StringComparer.Ordinal).ToArray();
        var reads = ids.Select(id => GetObservationsAsync(id, month.FirstDay, month.LastDay, cancellationToken));
        var results = await Task.WhenAll(reads).ConfigureAwait(false);
        return ids.Zip(results).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    /// <summary>True when the series has an observation whose period ends on or after <paramref name="from"/> (reads one row at most).</summary>
    public async Task<bool> AnyEndingFromAsync(string seriesId, DateOnly from, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {seriesId} and RowKey ge {DateKey(from)}");
        return await Guard(async () =>
        {
            await foreach (var page in _observations.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
            {
                if (page.Values.Count > 0)
                {
                    return true;
                }

                // An empty page with a continuation can happen; only the first non-empty answer matters.
                if (page.ContinuationToken is null)
                {
                    break;
                }
            }

            return false;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Upserts observations in transactions of at most 100, one partition (series) each.</summary>
    public async Task<int> WriteObservationsAsync(IEnumerable<Observation> observations, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var written = 0;
        foreach (var partition in observations.GroupBy(o => o.SeriesId, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Select(ObservationEntity.From).Chunk(MaxBatchSize))
            {
                var actions = chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e));
                await Guard(() => _observations.SubmitTransactionAsync(actions, cancellationToken), cancellationToken).ConfigureAwait(false);
                written += chunk.Length;
            }
        }

        return written;
    }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await Guard(() => _series.CreateIfNotExistsAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        await Guard(() => _observations.CreateIfNotExistsAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        _created = true;
    }

    internal static string RowKey(Period period, Measure measure) =>
        $"{DateKey(period.End)}_{period}_{measure.ToText()}";

    private static string DateKey(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task<T> Guard<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        StorageUnavailableException.Guard(_observations.Uri, call, cancellationToken);

    private sealed class SeriesEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = SeriesPartition;

        public string RowKey { get; set; } = "";

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string Category { get; set; } = "";

        public string Name { get; set; } = "";

        public string Unit { get; set; } = "";

        public string Frequency { get; set; } = "";

        public string Source { get; set; } = "";

        /// <summary>Empty in series stored before rules were declared: the unit's default then applies.</summary>
        public string MonthRule { get; set; } = "";

        public string Direction { get; set; } = "";

        public bool? PercentChange { get; set; }

        public static SeriesEntity From(Series s) => new()
        {
            RowKey = s.Id,
            Category = s.Category.ToText(),
            Name = s.Name,
            Unit = s.Unit,
            Frequency = s.Frequency.ToText(),
            Source = s.Source,
            MonthRule = s.MonthRule.ToText(),
            Direction = s.Direction.ToText(),
            PercentChange = s.PercentChange,
        };

        public Series ToSeries()
        {
            if (!MetricNames.TryParseCategory(Category, out var category) || !MetricNames.TryParseFrequency(Frequency, out var frequency))
            {
                throw new InvalidDataException($"Stored series '{RowKey}' has an unknown category '{Category}' or frequency '{Frequency}'.");
            }

            MonthRule? rule = null;
            if (MonthRule.Length > 0)
            {
                rule = MetricNames.TryParseMonthRule(MonthRule, out var parsed) ? parsed : throw new InvalidDataException($"Stored series '{RowKey}' has an unknown month rule '{MonthRule}'.");
            }

            Direction? direction = null;
            if (Direction.Length > 0)
            {
                direction = MetricNames.TryParseDirection(Direction, out var parsed) ? parsed : throw new InvalidDataException($"Stored series '{RowKey}' has an unknown direction '{Direction}'.");
            }

            return new Series(RowKey, category, Name, Unit, frequency, Source).With(rule, direction, PercentChange);
        }
    }

    private sealed class ObservationEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";

        public string RowKey { get; set; } = "";

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string Period { get; set; } = "";

        public string Measure { get; set; } = "";

        /// <summary>Stored as invariant text: Table Storage has no decimal type, and a double would lose "27.0".</summary>
        public string Value { get; set; } = "";

        public bool Approximate { get; set; }

        public string ReportedBy { get; set; } = "";

        public string Note { get; set; } = "";

        public DateTimeOffset CollectedAt { get; set; }

        public static ObservationEntity From(Observation o) => new()
        {
            PartitionKey = o.SeriesId,
            RowKey = MetricStore.RowKey(o.Period, o.Measure),
            Period = o.Period.ToString(),
            Measure = o.Measure.ToText(),
            Value = o.Value.ToString(CultureInfo.InvariantCulture),
            Approximate = o.Approximate,
            ReportedBy = o.ReportedBy,
            Note = o.Note,
            CollectedAt = o.CollectedAt,
        };

        public Observation ToObservation() =>
            Metrics.Period.TryParse(Period, out var period)
            && MetricNames.TryParseMeasure(Measure, out var measure)
            && decimal.TryParse(Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
                ? new Observation(PartitionKey, period, measure, value, Approximate, ReportedBy, Note, CollectedAt)
                : throw new InvalidDataException($"Stored observation {PartitionKey}/{RowKey} is malformed.");
    }
}
