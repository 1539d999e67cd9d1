using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace LlmPulse.Storage;

public enum DeliveryStatus
{
    /// <summary>On the delivery queue, waiting for a worker (or for its retry time after a failure).</summary>
    Queued,

    /// <summary>Claimed by a worker that is sending it now.</summary>
    Sending,
    Sent,

    /// <summary>Failed <see cref="Delivery.DeliveryOptions.MaxAttempts"/> times (or cannot succeed); its message is in the poison queue.</summary>
    Failed,
}

/// <summary>One reader's delivery of one version of one month's briefing, as the ledger holds it.</summary>
public sealed record DeliveryRecord(
    string Month,
    string Subscriber,
    string Channel,
    string Edition,
    int Version,
    DeliveryStatus Status,
    int Attempts,
    string? LastError,
    DateTimeOffset LastAttemptAt,
    DateTimeOffset? SentAt)
{
    /// <summary>The stable id of this delivery: the email's Message-Id and the webhook's delivery id.</summary>
    public string DeliveryId { get; init; } = "";

    /// <summary>When a failed attempt will be tried again from the queue; null when none is planned.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>The send-now request that last claimed it, so a redelivered request message does not send twice.</summary>
    public string? Request { get; init; }

    internal ETag ETag { get; init; }
}

/// <summary>
/// The delivery ledger in Table Storage: one row per month, subscriber, edition and version. A worker claims a row
/// with a conditional write before it sends and records the outcome with If-Match on the row it claimed, so two
/// workers never both send, and a stale worker (one whose claim was taken over) cannot overwrite what the newer
/// one recorded. At most one successful send per version and subscriber is recorded; a crash between sending and
/// recording can still send twice, with the same delivery id both times.
/// </summary>
public sealed class DeliveryLedger
{
    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private volatile bool _created;

    public DeliveryLedger(StorageClients clients, IOptions<StorageOptions> options, TimeProvider time)
    {
        _table = clients.Tables.GetTableClient(options.Value.DeliveriesTable);
        _time = time;
    }

    /// <summary>A claim older than this is taken to belong to a worker that died mid-send, and may be taken over.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Records a delivery as queued, once: false when the row exists already (queued, sent or failed before).
    /// </summary>
    public async Task<bool> TryAddQueuedAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Guard(() => _table.AddEntityAsync(ToEntity(record with { Status = DeliveryStatus.Queued }), cancellationToken), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// Claims a delivery for sending. Returns null when it must not be sent now: already sent (unless a send-now
    /// <paramref name="request"/> not seen before asks for it again), or claimed by a worker less than
    /// <see cref="ClaimTimeout"/> ago.
    /// </summary>
    public async Task<DeliveryRecord?> TryClaimAsync(DeliveryRecord wanted, string? request, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var existing = await GetAsync(wanted.Month, wanted.Subscriber, wanted.Edition, wanted.Version, cancellationToken).ConfigureAwait(false);
        var resend = request is not null && existing?.Request != request;
        var claim = wanted with
        {
            Status = DeliveryStatus.Sending,
            Attempts = resend ? 1 : (existing?.Attempts ?? 0) + 1,
            LastError = existing?.LastError,
            LastAttemptAt = now,
            SentAt = existing?.SentAt,
            NextAttemptAt = null,
            Request = request ?? existing?.Request,
        };
        try
        {
            if (existing is null)
            {
                var added = await Guard(() => _table.AddEntityAsync(ToEntity(claim), cancellationToken), cancellationToken).ConfigureAwait(false);
                return claim with { ETag = added.Headers.ETag ?? default };
            }

            var mayClaim = existing.Status switch
            {
                DeliveryStatus.Sent => resend,
                DeliveryStatus.Sending => now - existing.LastAttemptAt > ClaimTimeout,
                _ => true,
            };
            if (!mayClaim)
            {
                return null;
            }

            var updated = await Guard(() => _table.UpdateEntityAsync(ToEntity(claim), existing.ETag, TableUpdateMode.Replace, cancellationToken), cancellationToken).ConfigureAwait(false);
            return claim with { ETag = updated.Headers.ETag ?? default };
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another worker claimed it between our read and our write: it is theirs to send.
            return null;
        }
    }

    /// <summary>
    /// Records the outcome of a claimed delivery, only if the row is still the one this worker claimed (If-Match on
    /// its ETag). Returns null when it is not: the claim timed out and another worker took the row over, so what
    /// that worker recorded stands.
    /// </summary>
    public async Task<DeliveryRecord?> CompleteAsync(DeliveryRecord claim, string? error, DateTimeOffset? nextAttemptAt, bool failedForGood, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var done = error is null
            ? claim with { Status = DeliveryStatus.Sent, LastError = null, SentAt = now, LastAttemptAt = now, NextAttemptAt = null }
            : claim with { Status = failedForGood ? DeliveryStatus.Failed : DeliveryStatus.Queued, LastError = error, LastAttemptAt = now, NextAttemptAt = failedForGood ? null : nextAttemptAt };
        try
        {
            var response = await Guard(() => _table.UpdateEntityAsync(ToEntity(done), claim.ETag, TableUpdateMode.Replace, cancellationToken), cancellationToken).ConfigureAwait(false);
            return done with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return null;
        }
    }

    public async Task<DeliveryRecord?> GetAsync(string month, string subscriber, string edition, int version, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var response = await Guard(() => _table.GetEntityIfExistsAsync<TableEntity>(month, RowKey(subscriber, edition, version), cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>The subscriber's delivery of the newest version it was queued for in a month, or null.</summary>
    public async Task<DeliveryRecord?> GetAsync(string month, string subscriber, CancellationToken cancellationToken) =>
        (await ListMonthAsync(month, cancellationToken).ConfigureAwait(false))
            .Where(r => r.Subscriber == subscriber)
            .OrderByDescending(r => r.Version)
            .FirstOrDefault();

    /// <summary>Every delivery of a month, any version and subscriber.</summary>
    public async Task<IReadOnlyList<DeliveryRecord>> ListMonthAsync(string month, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {month}"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The most recent deliveries first.</summary>
    public async Task<IReadOnlyList<DeliveryRecord>> ListAsync(int max, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var all = await QueryAsync(null, cancellationToken).ConfigureAwait(false);
        return all.OrderByDescending(r => r.LastAttemptAt).Take(max).ToArray();
    }

    /// <summary>
    /// The most recent deliveries of <paramref name="fromMonth"/> and later months first: reads those months'
    /// partitions only, so the cost does not grow with the ledger's history.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryRecord>> ListSinceAsync(string fromMonth, int max, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {fromMonth}");
        return await Guard(async () =>
        {
            var result = new List<DeliveryRecord>();
            await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(FromEntity(entity));
            }

            return (IReadOnlyList<DeliveryRecord>)result.OrderByDescending(r => r.LastAttemptAt).Take(max).ToArray();
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

    private Task<IReadOnlyList<DeliveryRecord>> QueryAsync(string? filter, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            var result = new List<DeliveryRecord>();
            await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(FromEntity(entity));
            }

            return (IReadOnlyList<DeliveryRecord>)result;
        }, cancellationToken);

    // Subscriber names come from configuration; keep them inside what a row key allows. The version is padded so
    // a subscriber's rows sort by version.
    private static string RowKey(string subscriber, string edition, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"{Uri.EscapeDataString(subscriber).Replace("%", "~", StringComparison.Ordinal)}|{edition}|v{version:D6}");

    private static TableEntity ToEntity(DeliveryRecord r) => new(r.Month, RowKey(r.Subscriber, r.Edition, r.Version))
    {
        ["Subscriber"] = r.Subscriber,
        ["Channel"] = r.Channel,
        ["Edition"] = r.Edition,
        ["Version"] = r.Version,
        ["Status"] = r.Status.ToString(),
        ["Attempts"] = r.Attempts,
        ["LastError"] = r.LastError,
        ["LastAttemptAt"] = r.LastAttemptAt,
        ["SentAt"] = r.SentAt,
        ["DeliveryId"] = r.DeliveryId,
        ["NextAttemptAt"] = r.NextAttemptAt,
        ["Request"] = r.Request,
    };

    private static DeliveryRecord FromEntity(TableEntity e) => new(
        e.PartitionKey,
        e.GetString("Subscriber") ?? e.RowKey,
        e.GetString("Channel") ?? "",
        e.GetString("Edition") ?? BriefingKey.DefaultEdition,
        e.GetInt32("Version") ?? 1,
        Enum.TryParse<DeliveryStatus>(e.GetString("Status"), out var status) ? status : DeliveryStatus.Failed,
        e.GetInt32("Attempts") ?? 0,
        e.GetString("LastError"),
        e.GetDateTimeOffset("LastAttemptAt") ?? default,
        e.GetDateTimeOffset("SentAt"))
    {
        DeliveryId = e.GetString("DeliveryId") ?? "",
        NextAttemptAt = e.GetDateTimeOffset("NextAttemptAt"),
        Request = e.GetString("Request"),
        ETag = e.ETag,
    };

    private Task<T> Guard<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        StorageUnavailableException.Guard(_table.Uri, call, cancellationToken);
}
