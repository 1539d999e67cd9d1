using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace LlmPulse.Storage;

public enum DeliveryStatus
{
    /// <summary>Claimed by a run that is sending it now.</summary>
    Sending,
    Sent,
    Failed,
}

/// <summary>One reader's delivery of one month's briefing, as the ledger holds it.</summary>
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
    internal ETag ETag { get; init; }
}

/// <summary>
/// The delivery ledger in Table Storage: one row per month and subscriber. A run claims a row with a conditional
/// write before it sends, so two runs at once never both send, and a row marked sent is never sent again by the
/// scheduled run: exactly once, from the reader's point of view.
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

    /// <summary>A claim older than this is taken to belong to a run that died mid-send, and may be taken over.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Claims a delivery for sending. Returns null when it must not be sent now: already sent (unless
    /// <paramref name="resend"/>), claimed by another run, or failed <paramref name="maxAttempts"/> times.
    /// </summary>
    public async Task<DeliveryRecord?> TryClaimAsync(
        string month,
        string subscriber,
        string channel,
        string edition,
        int version,
        int maxAttempts,
        bool resend,
        CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var existing = await GetAsync(month, subscriber, cancellationToken).ConfigureAwait(false);
        var claim = new DeliveryRecord(month, subscriber, channel, edition, version, DeliveryStatus.Sending, (existing?.Attempts ?? 0) + 1, existing?.LastError, now, existing?.SentAt);
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
                DeliveryStatus.Failed => resend || existing.Attempts < maxAttempts,
                _ => now - existing.LastAttemptAt > ClaimTimeout,
            };
            if (!mayClaim)
            {
                return null;
            }

            if (resend)
            {
                claim = claim with { Attempts = 1 };
            }

            var updated = await Guard(() => _table.UpdateEntityAsync(ToEntity(claim), existing.ETag, TableUpdateMode.Replace, cancellationToken), cancellationToken).ConfigureAwait(false);
            return claim with { ETag = updated.Headers.ETag ?? default };
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another run claimed it between our read and our write: it is theirs to send.
            return null;
        }
    }

    /// <summary>Records the outcome of a claimed delivery.</summary>
    public async Task<DeliveryRecord> CompleteAsync(DeliveryRecord claim, string? error, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var done = error is null
            ? claim with { Status = DeliveryStatus.Sent, LastError = null, SentAt = now, LastAttemptAt = now }
            : claim with { Status = DeliveryStatus.Failed, LastError = error, LastAttemptAt = now };

        // Unconditional: the claim is ours, and the outcome must be recorded even if the claim timed out meanwhile.
        await Guard(() => _table.UpsertEntityAsync(ToEntity(done), TableUpdateMode.Replace, cancellationToken), cancellationToken).ConfigureAwait(false);
        return done;
    }

    public async Task<DeliveryRecord?> GetAsync(string month, string subscriber, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var response = await Guard(() => _table.GetEntityIfExistsAsync<TableEntity>(month, RowKey(subscriber), cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>The most recent deliveries first.</summary>
    public async Task<IReadOnlyList<DeliveryRecord>> ListAsync(int max, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await Guard(async () =>
        {
            var result = new List<DeliveryRecord>();
            await foreach (var entity in _table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(FromEntity(entity));
            }

            return (IReadOnlyList<DeliveryRecord>)result.OrderByDescending(r => r.LastAttemptAt).Take(max).ToArray();
        }, cancellationToken).ConfigureAwait(false);
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

    // Subscriber names come from configuration; keep them inside what a row key allows.
    private static string RowKey(string subscriber) => Uri.EscapeDataString(subscriber).Replace("%", "~", StringComparison.Ordinal);

    private static TableEntity ToEntity(DeliveryRecord r) => new(r.Month, RowKey(r.Subscriber))
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
        ETag = e.ETag,
    };

    private Task<T> Guard<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        StorageUnavailableException.Guard(_table.Uri, call, cancellationToken);
}
