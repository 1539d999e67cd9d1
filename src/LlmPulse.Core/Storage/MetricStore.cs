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
    private readonly SemaphoreSlim _creating = new(1, 1);
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
            await foreach (var entity in _series.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {SeriesPartition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(SeriesRow.ToSeries(entity));
            }

            return (IReadOnlyList<Series>)result;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteSeriesAsync(IEnumerable<Series> series, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in series.Select(SeriesRow.From).Chunk(MaxBatchSize))
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
            var response = await _series.GetEntityIfExistsAsync<TableEntity>(SeriesPartition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue ? SeriesRow.ToSeries(response.Value!) : null;
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

        var entities = await QueryObservationsAsync(filter, cancellationToken).ConfigureAwait(false);
        var result = entities.Select(ObservationRow.ToObservation).ToList();
        result.Sort((a, b) => a.Period.CompareTo(b.Period));
        return result;
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

    /// <summary>
    /// The observations of many series at once, each within its own window of end dates (as
    /// <see cref="GetObservationsAsync(string, DateOnly?, DateOnly?, CancellationToken)"/> gives them for one series,
    /// in the same order), by series id; every series asked about has an entry, empty when nothing is stored.
    /// </summary>
    /// <remarks>
    /// A few queries instead of one per series: series that share a window are named in one filter, as many as Table
    /// Storage takes in one (<see cref="MaxFilterComparisons"/> comparisons, row-key bounds included), and the queries
    /// run at once. Each names its partitions exactly, so it reads the same rows the per-series queries would; under
    /// Azurite, which answers every query by scanning the whole table, that is a scan per query instead of per series.
    /// </remarks>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<Observation>>> GetObservationsAsync(
        IReadOnlyCollection<ObservationWindow> windows,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var result = new Dictionary<string, IReadOnlyList<Observation>>(windows.Count, StringComparer.Ordinal);
        foreach (var window in windows)
        {
            if (!result.TryAdd(window.SeriesId, []))
            {
                throw new ArgumentException($"Series '{window.SeriesId}' is asked for twice.", nameof(windows));
            }
        }

        if (windows.Count == 0)
        {
            return result;
        }

        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var queries = ObservationFilters(windows);
        var read = await Task.WhenAll(queries.Select(filter => QueryObservationsAsync(filter, cancellationToken))).ConfigureAwait(false);
        foreach (var partition in read.SelectMany(rows => rows).GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            // A partition's rows in row-key order, as a query of that partition alone returns them, then sorted the
            // same way: the same figures in the same order either way.
            var observations = partition.OrderBy(e => e.RowKey, StringComparer.Ordinal).Select(ObservationRow.ToObservation).ToList();
            observations.Sort((a, b) => a.Period.CompareTo(b.Period));
            result[partition.Key] = observations;
        }

        return result;
    }

    /// <summary>Table Storage refuses a filter with more than 15 discrete comparisons.</summary>
    internal const int MaxFilterComparisons = 15;

    /// <summary>
    /// Filters that together name every window's partition with its bounds, each within
    /// <see cref="MaxFilterComparisons"/>: series with the same bounds share a clause,
    /// <c>(PartitionKey eq a or PartitionKey eq b) and RowKey lt 'to~'</c>, and clauses are joined with <c>or</c>.
    /// </summary>
    internal static IReadOnlyList<string> ObservationFilters(IEnumerable<ObservationWindow> windows)
    {
        // Grouped by the bounds' text, in classes and strings only: generic code over a struct of this assembly is
        // compiled at run time in every cold process (ReadyToRun cannot), code over classes is not.
        var groups = new SortedDictionary<string, WindowGroup>(StringComparer.Ordinal);
        foreach (var window in windows)
        {
            var bounds = new List<string>(2);
            if (window.From is { } from)
            {
                bounds.Add(TableClient.CreateQueryFilter($"RowKey ge {DateKey(from)}"));
            }

            if (window.To is { } to)
            {
                // '~' sorts after every character used in row keys, so this takes every row of that end date.
                bounds.Add(TableClient.CreateQueryFilter($"RowKey lt {DateKey(to) + "~"}"));
            }

            var key = string.Join(" and ", bounds);
            if (!groups.TryGetValue(key, out var group))
            {
                group = new WindowGroup(bounds);
                groups[key] = group;
            }

            group.Ids.Add(window.SeriesId);
        }

        var filters = new List<string>();
        var clauses = new List<string>();
        var budget = MaxFilterComparisons;
        foreach (var group in groups.Values)
        {
            var ids = group.Ids;
            ids.Sort(StringComparer.Ordinal);
            var bounds = group.Bounds;
            while (ids.Count > 0)
            {
                if (budget <= bounds.Count)
                {
                    filters.Add(string.Join(" or ", clauses));
                    clauses.Clear();
                    budget = MaxFilterComparisons;
                }

                var take = Math.Min(ids.Count, budget - bounds.Count);
                var partitions = new List<string>(take);
                for (var i = 0; i < take; i++)
                {
                    partitions.Add(TableClient.CreateQueryFilter($"PartitionKey eq {ids[i]}"));
                }

                var clause = new List<string>(bounds.Count + 1) { "(" + string.Join(" or ", partitions) + ")" };
                clause.AddRange(bounds);
                clauses.Add("(" + string.Join(" and ", clause) + ")");
                budget -= take + bounds.Count;
                ids.RemoveRange(0, take);
            }
        }

        if (clauses.Count > 0)
        {
            filters.Add(string.Join(" or ", clauses));
        }

        return filters;
    }

    /// <summary>Series read with the same row-key bounds.</summary>
    private sealed class WindowGroup(List<string> bounds)
    {
        public List<string> Bounds { get; } = bounds;

        public List<string> Ids { get; } = [];
    }

    /// <summary>
    /// Deletes the derived rows earlier versions kept in the observations table (partitions <c>rollup|{series}</c>,
    /// <c>days|YYYY-MM</c> and <c>index|months</c>), which nothing reads any more: the months table holds them now
    /// (see <see cref="RollupStore"/>). Returns how many it deleted; a rerun deletes none.
    /// </summary>
    /// <remarks>Series ids hold no '|', so these partitions never meet a series' own. Left in place they would only cost: Azurite scans them with every query of the table.</remarks>
    internal async Task<int> DeleteOldDerivedRowsAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        foreach (var (from, to) in new[] { ("days|", "days}"), ("index|", "index}"), ("rollup|", "rollup}") })
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey gt {from} and PartitionKey lt {to}");
            deleted += await TableRows.DeleteAsync(_observations, filter, cancellationToken).ConfigureAwait(false);
        }

        return deleted;
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

    /// <summary>
    /// Upserts observations in transactions of at most 100, one partition (series) each, whatever is stored: for
    /// tools that own the data they write (benchmarks, test set-up). Writers that share series with others go
    /// through <see cref="MergeObservationsAsync"/>, which cannot overwrite a figure it has not seen.
    /// </summary>
    public async Task<int> WriteObservationsAsync(IEnumerable<Observation> observations, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var written = 0;
        foreach (var partition in observations.GroupBy(o => o.SeriesId, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Select(ObservationRow.From).Chunk(MaxBatchSize))
            {
                var actions = chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e));
                await Guard(() => _observations.SubmitTransactionAsync(actions, cancellationToken), cancellationToken).ConfigureAwait(false);
                written += chunk.Length;
            }
        }

        return written;
    }

    /// <summary>
    /// Writes one series' incoming observations under the rule every writer follows: a new key is added
    /// (insert-only), a stored figure of the same reporter may be revised (If-Match on the ETag it was read with),
    /// the same figure is left unchanged, and another reporter's figure is kept. Writes go oldest first in
    /// transactions of at most 100; when one fails because another writer got there first (409 on an insert, 412
    /// on a revision: the whole transaction is refused), the keys not yet written are read again and decided again,
    /// at most <see cref="MaxMergeAttempts"/> times. So a seed import and a collector run racing on one series
    /// never overwrite a figure the other stored in between.
    /// </summary>
    internal Task<MergeResult> MergeObservationsAsync(string seriesId, IReadOnlyCollection<Observation> incoming, CancellationToken cancellationToken) =>
        MergeObservationsAsync(seriesId, incoming, null, cancellationToken);

    /// <summary>As the overload without <paramref name="beforeWrite"/>, telling a caller what is about to be written.</summary>
    /// <remarks>
    /// <paramref name="beforeWrite"/> gets each attempt's decided writes before they are submitted: what is derived
    /// from them (monthly roll-ups, the month index) is written first, so storage going away between the two leaves
    /// observations still to write, which the rerun finds new (see MonthlyRollupWriter).
    /// </remarks>
    internal async Task<MergeResult> MergeObservationsAsync(
        string seriesId,
        IReadOnlyCollection<Observation> incoming,
        Func<IReadOnlyCollection<Observation>, CancellationToken, Task>? beforeWrite,
        CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var pending = incoming.OrderBy(o => o.Period).ThenBy(o => o.Measure).ToList();
        var done = new List<MergedObservation>(pending.Count);
        var conflicts = 0;
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var stored = await ReadStoredAsync(seriesId, pending, cancellationToken).ConfigureAwait(false);
            var decided = pending.Select(o => Decide(o, stored.TryGetValue(RowKey(o.Period, o.Measure), out var row) ? row : null)).ToList();
            done.AddRange(decided.Where(d => !d.Writes));
            var writes = decided.Where(d => d.Writes).ToList();
            if (beforeWrite is not null && writes.Count > 0)
            {
                await beforeWrite(writes.Select(d => d.Incoming).ToArray(), cancellationToken).ConfigureAwait(false);
            }

            pending = [];
            for (var i = 0; i < writes.Count; i += MaxBatchSize)
            {
                var chunk = writes.GetRange(i, Math.Min(MaxBatchSize, writes.Count - i));
                if (await TrySubmitAsync(chunk, cancellationToken).ConfigureAwait(false))
                {
                    done.AddRange(chunk);
                    continue;
                }

                conflicts++;
                pending = writes.Skip(i).Select(d => d.Incoming).ToList();
                break;
            }

            if (pending.Count > 0 && attempt == MaxMergeAttempts)
            {
                throw new ObservationWriteConflictException(seriesId, pending[0].Period, attempt);
            }
        }

        return new MergeResult(done, conflicts);
    }

    /// <summary>How often a write re-reads and re-decides after losing a race before it gives up.</summary>
    internal const int MaxMergeAttempts = 8;

    private static MergedObservation Decide(Observation incoming, StoredObservation? stored)
    {
        if (stored is not { } current)
        {
            return new MergedObservation(incoming, MergeOutcome.Added, null, default);
        }

        if (current.Observation.SameFigureAs(incoming))
        {
            return new MergedObservation(incoming, MergeOutcome.Unchanged, current.Observation, current.ETag);
        }

        return string.Equals(current.Observation.ReportedBy, incoming.ReportedBy, StringComparison.Ordinal)
            ? new MergedObservation(incoming, MergeOutcome.Revised, current.Observation, current.ETag)
            : new MergedObservation(incoming, MergeOutcome.Kept, current.Observation, current.ETag);
    }

    /// <summary>The stored rows (with their ETags) for the keys asked about: one range query over their end dates.</summary>
    internal async Task<Dictionary<string, StoredObservation>> ReadStoredAsync(string seriesId, IReadOnlyList<Observation> keys, CancellationToken cancellationToken)
    {
        var from = keys.Min(o => o.Period.End);
        var to = keys.Max(o => o.Period.End);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {seriesId} and RowKey ge {DateKey(from)} and RowKey lt {DateKey(to) + "~"}");
        var wanted = keys.Select(o => RowKey(o.Period, o.Measure)).ToHashSet(StringComparer.Ordinal);
        var entities = await QueryObservationsAsync(filter, cancellationToken).ConfigureAwait(false);
        return entities.Where(e => wanted.Contains(e.RowKey)).ToDictionary(e => e.RowKey, e => new StoredObservation(ObservationRow.ToObservation(e), e.ETag), StringComparer.Ordinal);
    }

    /// <summary>
    /// Runs between reading and writing each transaction of a merge: a test seam, so that a test can make another
    /// writer win the race at exactly that moment. Null in the application.
    /// </summary>
    internal Func<string, CancellationToken, Task>? BeforeSubmitForTests { get; set; }

    /// <summary>One transaction of inserts and If-Match replacements; false when another writer changed a row first.</summary>
    internal async Task<bool> TrySubmitAsync(IReadOnlyList<MergedObservation> chunk, CancellationToken cancellationToken)
    {
        if (BeforeSubmitForTests is { } before && chunk.Count > 0)
        {
            await before(chunk[0].Incoming.SeriesId, cancellationToken).ConfigureAwait(false);
        }

        var actions = chunk.Select(d => d.Outcome == MergeOutcome.Added
            ? new TableTransactionAction(TableTransactionActionType.Add, ObservationRow.From(d.Incoming))
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, ObservationRow.From(d.Incoming), d.ETag)).ToArray();
        try
        {
            await Guard(() => _observations.SubmitTransactionAsync(actions, cancellationToken), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>The rows matching <paramref name="filter"/>.</summary>
    private Task<List<TableEntity>> QueryObservationsAsync(string filter, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            var result = new List<TableEntity>();
            await foreach (var entity in _observations.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(entity);
            }

            return result;
        }, cancellationToken);

    /// <summary>
    /// Creates the tables once per instance. Callers that arrive together (a briefing's parallel reads) wait for the
    /// one creation instead of each sending its own: the number of writes a run makes stays the same from run to run,
    /// which the storage outage tests count on. A creation that fails leaves the next caller to try again.
    /// </summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _creating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_created)
            {
                return;
            }

            await Guard(() => _series.CreateIfNotExistsAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            await Guard(() => _observations.CreateIfNotExistsAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            _created = true;
        }
        finally
        {
            _creating.Release();
        }
    }

    /// <summary>The row an observation is stored as, property for property: for tools that write rows themselves (the ingestion benchmark's baseline).</summary>
    public static TableEntity ToEntity(Observation observation) => ObservationRow.From(observation);

    internal static string RowKey(Period period, Measure measure) =>
        $"{DateKey(period.End)}_{period}_{measure.ToText()}";

    private static string DateKey(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task<T> Guard<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        StorageUnavailableException.Guard(_observations.Uri, call, cancellationToken);

    // Entities are mapped by hand to and from TableEntity: the SDK's binder for ITableEntity classes reflects over
    // their properties at run time, which a trimmed, natively compiled llmpulse cannot do (and a cold process pays for).
    private static class SeriesRow
    {
        public static TableEntity From(Series s) => new(SeriesPartition, s.Id)
        {
            ["Category"] = s.Category.ToText(),
            ["Name"] = s.Name,
            ["Unit"] = s.Unit,
            ["Frequency"] = s.Frequency.ToText(),
            ["Source"] = s.Source,
            ["MonthRule"] = s.MonthRule.ToText(),
            ["Direction"] = s.Direction.ToText(),
            ["PercentChange"] = s.PercentChange,
        };

        public static Series ToSeries(TableEntity e)
        {
            var id = e.RowKey;
            var categoryText = e.GetString("Category") ?? "";
            var frequencyText = e.GetString("Frequency") ?? "";
            if (!MetricNames.TryParseCategory(categoryText, out var category) || !MetricNames.TryParseFrequency(frequencyText, out var frequency))
            {
                throw new InvalidDataException($"Stored series '{id}' has an unknown category '{categoryText}' or frequency '{frequencyText}'.");
            }

            // Empty in series stored before rules were declared: the unit's default then applies.
            MonthRule? rule = null;
            var ruleText = e.GetString("MonthRule") ?? "";
            if (ruleText.Length > 0)
            {
                rule = MetricNames.TryParseMonthRule(ruleText, out var parsed) ? parsed : throw new InvalidDataException($"Stored series '{id}' has an unknown month rule '{ruleText}'.");
            }

            Direction? direction = null;
            var directionText = e.GetString("Direction") ?? "";
            if (directionText.Length > 0)
            {
                direction = MetricNames.TryParseDirection(directionText, out var parsed) ? parsed : throw new InvalidDataException($"Stored series '{id}' has an unknown direction '{directionText}'.");
            }

            return new Series(id, category, e.GetString("Name") ?? "", e.GetString("Unit") ?? "", frequency, e.GetString("Source") ?? "")
                .With(rule, direction, e.GetBoolean("PercentChange"));
        }
    }

    private static class ObservationRow
    {
        public static TableEntity From(Observation o) => new(o.SeriesId, MetricStore.RowKey(o.Period, o.Measure))
        {
            ["Period"] = o.Period.ToString(),
            ["Measure"] = o.Measure.ToText(),
            // Invariant text: Table Storage has no decimal type, and a double would lose "27.0".
            ["Value"] = o.Value.ToString(CultureInfo.InvariantCulture),
            ["Approximate"] = o.Approximate,
            ["ReportedBy"] = o.ReportedBy,
            ["Note"] = o.Note,
            ["CollectedAt"] = o.CollectedAt,
        };

        public static Observation ToObservation(TableEntity e) =>
            Period.TryParse(e.GetString("Period") ?? "", out var period)
            && MetricNames.TryParseMeasure(e.GetString("Measure") ?? "", out var measure)
            && decimal.TryParse(e.GetString("Value"), NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            && e.GetDateTimeOffset("CollectedAt") is { } collectedAt
                ? new Observation(e.PartitionKey, period, measure, value, e.GetBoolean("Approximate") ?? false, e.GetString("ReportedBy") ?? "", e.GetString("Note") ?? "", collectedAt)
                : throw new InvalidDataException($"Stored observation {e.PartitionKey}/{e.RowKey} is malformed.");
    }
}
