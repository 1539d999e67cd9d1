using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace LlmPulse.Storage;

/// <summary>
/// Where the collectors' run records live. Bound from the <c>Storage</c> section, beside the other table names
/// (<c>Storage__RunsTable</c>).
/// </summary>
public sealed class RunStoreOptions
{
    public string RunsTable { get; set; } = "runs";
}

public enum RunStatus
{
    /// <summary>Started and not finished: in progress, or stopped before it could record its end.</summary>
    Running,
    Succeeded,
    Failed,
    Skipped,

    /// <summary>On the collect queue, not started yet.</summary>
    Queued,
}

/// <summary>
/// One collector run of one source: what it asked for, what it wrote, and how it ended. <see cref="Error"/> and
/// <see cref="Revisions"/> are sanitized before they get here: no keys, no URLs with queries.
/// </summary>
public sealed record RunRecord(
    string RunId,
    string Source,
    string Adapter,
    string Group,
    string Trigger,
    RunStatus Status,
    DateTimeOffset Started,
    DateTimeOffset? Finished,
    string PeriodsAsked,
    int Series,
    int SeriesFailed,
    int Written,
    int Revised,
    string? Error,
    string? Note,
    string? Revisions)
{
    /// <summary>"succeeded", "failed (...)", "skipped (disabled: no API key)".</summary>
    public string StatusText => Status switch
    {
        RunStatus.Skipped when !string.IsNullOrEmpty(Note) => $"skipped ({Note})",
        _ => RunStore.StatusName(Status),
    };

    /// <summary>The collection request (POST /api/collect or a timer) the run belongs to; null for a run started in-process.</summary>
    public string? Request { get; init; }

    /// <summary>When the run was queued; the run keeps this place in the list (newest first) once it starts.</summary>
    public DateTimeOffset? Queued { get; init; }
}

/// <summary>
/// Run records in Table Storage, one partition, keyed by inverted start ticks so that the newest runs come first
/// and "the latest N" is the first page of one partition query.
/// </summary>
public sealed class RunStore
{
    /// <summary>Table Storage keeps strings up to 32K characters; a run record needs far less.</summary>
    public const int MaxTextLength = 4000;

    private const string Partition = "runs";

    private readonly TableClient _runs;
    private volatile bool _created;

    public RunStore(StorageClients clients, IOptions<RunStoreOptions> options)
    {
        _runs = clients.Tables.GetTableClient(options.Value.RunsTable);
    }

    public Uri Endpoint => _runs.Uri;

    public static string StatusName(RunStatus status) => status switch
    {
        RunStatus.Running => "running",
        RunStatus.Succeeded => "succeeded",
        RunStatus.Failed => "failed",
        RunStatus.Skipped => "skipped",
        RunStatus.Queued => "queued",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>Writes the record, or replaces the one with the same run id (a run records its start, then its end).</summary>
    public async Task SaveAsync(RunRecord record, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await Guard(() => _runs.UpsertEntityAsync(RunEntity.From(record), TableUpdateMode.Replace, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records a run only if none with its id is recorded yet (insert-only), so a late "queued" record can never
    /// overwrite the progress a run already recorded. False when one was there.
    /// </summary>
    public async Task<bool> TryAddAsync(RunRecord record, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Guard(() => _runs.AddEntityAsync(RunEntity.From(record), cancellationToken), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>The latest runs, newest first, of every source or of one.</summary>
    public async Task<IReadOnlyList<RunRecord>> ListAsync(int limit, string? source, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        if (!string.IsNullOrEmpty(source))
        {
            filter += " and " + TableClient.CreateQueryFilter($"Source eq {source}");
        }

        return await Guard(async () =>
        {
            var result = new List<RunRecord>(Math.Min(limit, 1000));
            await foreach (var entity in _runs.QueryAsync<RunEntity>(filter, maxPerPage: Math.Min(limit, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(entity.ToRecord());
                if (result.Count == limit)
                {
                    break;
                }
            }

            return (IReadOnlyList<RunRecord>)result;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The runs of one collection request, one per source, in the order they were queued.</summary>
    public async Task<IReadOnlyList<RunRecord>> ListRequestAsync(string request, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Request eq {request}");
        return await Guard(async () =>
        {
            var result = new List<RunRecord>();
            await foreach (var entity in _runs.QueryAsync<RunEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(entity.ToRecord());
            }

            return (IReadOnlyList<RunRecord>)result.OrderBy(r => r.RunId, StringComparer.Ordinal).ToArray();
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await Guard(() => _runs.CreateIfNotExistsAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        _created = true;
    }

    internal static string RowKey(DateTimeOffset started, string runId) =>
        (DateTimeOffset.MaxValue.UtcTicks - started.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "_" + runId;

    private static string? Cut(string? text) =>
        text is null || text.Length <= MaxTextLength ? text : text[..(MaxTextLength - 1)] + "…";

    private Task<T> Guard<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        StorageUnavailableException.Guard(_runs.Uri, call, cancellationToken);

    private sealed class RunEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = Partition;

        public string RowKey { get; set; } = "";

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string RunId { get; set; } = "";

        public string Source { get; set; } = "";

        public string Adapter { get; set; } = "";

        public string Group { get; set; } = "";

        public string Trigger { get; set; } = "";

        public string Status { get; set; } = "";

        public DateTimeOffset Started { get; set; }

        public DateTimeOffset? Finished { get; set; }

        public string PeriodsAsked { get; set; } = "";

        public int Series { get; set; }

        public int SeriesFailed { get; set; }

        public int Written { get; set; }

        public int Revised { get; set; }

        public string? Error { get; set; }

        public string? Note { get; set; }

        public string? Revisions { get; set; }

        public string? Request { get; set; }

        public DateTimeOffset? Queued { get; set; }

        public static RunEntity From(RunRecord r) => new()
        {
            // A queued run keeps its row from queued to finished: one record, not two.
            RowKey = RunStore.RowKey(r.Queued ?? r.Started, r.RunId),
            Request = r.Request,
            Queued = r.Queued,
            RunId = r.RunId,
            Source = r.Source,
            Adapter = r.Adapter,
            Group = r.Group,
            Trigger = r.Trigger,
            Status = StatusName(r.Status),
            Started = r.Started,
            Finished = r.Finished,
            PeriodsAsked = r.PeriodsAsked,
            Series = r.Series,
            SeriesFailed = r.SeriesFailed,
            Written = r.Written,
            Revised = r.Revised,
            Error = Cut(r.Error),
            Note = Cut(r.Note),
            Revisions = Cut(r.Revisions),
        };

        public RunRecord ToRecord() => new(
            RunId,
            Source,
            Adapter,
            Group,
            Trigger,
            Enum.GetValues<RunStatus>().FirstOrDefault(s => StatusName(s) == Status, RunStatus.Running),
            Started,
            Finished,
            PeriodsAsked,
            Series,
            SeriesFailed,
            Written,
            Revised,
            Error,
            Note,
            Revisions)
        {
            Request = Request,
            Queued = Queued,
        };
    }
}
