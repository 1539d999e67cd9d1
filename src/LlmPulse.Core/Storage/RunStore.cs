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
        await Guard(() => _runs.UpsertEntityAsync(RunRow.From(record), TableUpdateMode.Replace, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the record unless one with its run id exists (its run started first); false then.</summary>
    public async Task<bool> TryAddAsync(RunRecord record, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Guard(() => _runs.AddEntityAsync(RunRow.From(record), cancellationToken), cancellationToken).ConfigureAwait(false);
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
            await foreach (var entity in _runs.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(RunRow.ToRecord(entity));
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
            await foreach (var entity in _runs.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(RunRow.ToRecord(entity));
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

    // Mapped by hand to and from TableEntity: the SDK's binder for ITableEntity classes reflects over their
    // properties at run time, which a trimmed, natively compiled llmpulse cannot do.
    private static class RunRow
    {
        public static TableEntity From(RunRecord r)
        {
            // A queued run keeps its row from queued to finished: one record, not two.
            var e = new TableEntity(Partition, RunStore.RowKey(r.Queued ?? r.Started, r.RunId))
            {
                ["RunId"] = r.RunId,
                ["Source"] = r.Source,
                ["Adapter"] = r.Adapter,
                ["Group"] = r.Group,
                ["Trigger"] = r.Trigger,
                ["Status"] = StatusName(r.Status),
                ["Started"] = r.Started,
                ["PeriodsAsked"] = r.PeriodsAsked,
                ["Series"] = r.Series,
                ["SeriesFailed"] = r.SeriesFailed,
                ["Written"] = r.Written,
                ["Revised"] = r.Revised,
            };
            SetIfAny(e, "Finished", r.Finished);
            SetIfAny(e, "Queued", r.Queued);
            SetIfAny(e, "Request", r.Request);
            SetIfAny(e, "Error", Cut(r.Error));
            SetIfAny(e, "Note", Cut(r.Note));
            SetIfAny(e, "Revisions", Cut(r.Revisions));
            return e;
        }

        public static RunRecord ToRecord(TableEntity e)
        {
            var status = e.GetString("Status");
            return new(
                e.GetString("RunId") ?? "",
                e.GetString("Source") ?? "",
                e.GetString("Adapter") ?? "",
                e.GetString("Group") ?? "",
                e.GetString("Trigger") ?? "",
                Enum.GetValues<RunStatus>().FirstOrDefault(s => StatusName(s) == status, RunStatus.Running),
                e.GetDateTimeOffset("Started") ?? default,
                e.GetDateTimeOffset("Finished"),
                e.GetString("PeriodsAsked") ?? "",
                e.GetInt32("Series") ?? 0,
                e.GetInt32("SeriesFailed") ?? 0,
                e.GetInt32("Written") ?? 0,
                e.GetInt32("Revised") ?? 0,
                e.GetString("Error"),
                e.GetString("Note"),
                e.GetString("Revisions"))
            {
                Request = e.GetString("Request"),
                Queued = e.GetDateTimeOffset("Queued"),
            };
        }

        // A null property is left out, as the SDK's binder left it out: a replaced row must not keep an old value.
        private static void SetIfAny(TableEntity e, string name, object? value)
        {
            if (value is not null)
            {
                e[name] = value;
            }
        }
    }
}
