using System.Globalization;
using System.Security.Cryptography;
using LlmPulse.Storage;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Collectors;

/// <summary>A collection request as answered: its id (<c>GET /api/runs/{id}</c>) and one queued run per source.</summary>
public sealed record QueuedCollection(string Request, IReadOnlyList<RunRecord> Runs);

/// <summary>
/// Collection through the <c>collect</c> queue: <see cref="EnqueueAsync"/> records a queued run per source and puts
/// one message per source on the queue, at once, so no HTTP request or timer waits on the sources; the CollectSource
/// function (or <see cref="DrainAsync"/> in this process) runs each with <see cref="HandleAsync"/>. A backfill of
/// years is one message per source, and the instances the queue scales out to take them in parallel.
/// </summary>
public sealed class CollectionRequests(CollectorService collector, CollectQueue queue, RunStore runs, TimeProvider time, ILogger<CollectionRequests> logger)
{
    public CollectQueue Queue => queue;

    /// <summary>
    /// Queues a collection. Throws <see cref="SourceNotFoundException"/> for an unknown source and
    /// <see cref="ArgumentException"/> when from is after to, before anything is queued.
    /// </summary>
    public async Task<QueuedCollection> EnqueueAsync(CollectionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.From is { } from && request.To is { } to && from > to)
        {
            throw new ArgumentException($"from ({from:yyyy-MM-dd}) is after to ({to:yyyy-MM-dd})", nameof(request));
        }

        var sources = collector.Select(request);
        var now = time.GetUtcNow();
        var id = string.Create(CultureInfo.InvariantCulture, $"{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{request.Trigger}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}");
        var queued = new List<RunRecord>();
        foreach (var source in sources)
        {
            var record = new RunRecord(CollectorService.RunIdFor(id, source.Id), source.Id, source.Adapter, CollectorService.GroupText(source), request.Trigger, RunStatus.Queued, now, null, "", source.Series.Count, 0, 0, 0, null, null, null)
            {
                Request = id,
                Queued = now,
            };

            // The message first, then the record, insert-only: storage going away between the two leaves a message
            // that runs and records itself (keeping its place in the list by its queued time), never a record
            // saying "queued" forever with no message behind it. A message that ran before its record was written
            // has recorded its progress already, which the late record leaves alone.
            await queue.SendAsync(new CollectMessage(id, source.Id, request.From, request.To, request.Trigger) { QueuedAt = now }, null, cancellationToken).ConfigureAwait(false);
            if (BetweenMessageAndRecordForTests is { } between)
            {
                await between(source.Id, cancellationToken).ConfigureAwait(false);
            }

            await runs.TryAddAsync(record, cancellationToken).ConfigureAwait(false);
            queued.Add(record);
        }

        logger.LogInformation("Queued collection {Request}: {Sources}", id, string.Join(", ", queued.Select(r => r.Source)));
        return new QueuedCollection(id, queued);
    }

    /// <summary>
    /// Runs between sending a source's message and recording its queued run: a test seam, so a test can make
    /// storage go away at exactly that moment. Null in the application.
    /// </summary>
    internal Func<string, CancellationToken, Task>? BetweenMessageAndRecordForTests { get; set; }

    /// <summary>
    /// Runs one queued source. A message that comes again after its run finished (the host redelivers at least once)
    /// changes nothing: the finished run is returned as it is.
    /// </summary>
    public async Task<RunRecord?> HandleAsync(CollectMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var existing = (await runs.ListRequestAsync(message.Request, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Source == message.Source);
        if (existing is { Status: not RunStatus.Queued and not RunStatus.Running })
        {
            logger.LogInformation("Collection {Request} of {Source} already finished ({Status}); nothing to do", message.Request, message.Source, existing.StatusText);
            return existing;
        }

        CollectionReport report;
        try
        {
            report = await collector.CollectAsync(
                new CollectionRequest { Source = message.Source, From = message.From, To = message.To, Trigger = message.Trigger, Request = message.Request, Queued = existing?.Queued ?? message.QueuedAt },
                null,
                cancellationToken).ConfigureAwait(false);
        }
        catch (SourceNotFoundException)
        {
            // Configuration changed since the message was queued: nothing to run, and trying again will not help.
            logger.LogError("Collection {Request} names source {Source}, which is no longer configured; dropped", message.Request, message.Source);
            return null;
        }

        return report.Runs.SingleOrDefault();
    }

    /// <summary>The runs of a request, one per source, or none when no such request was queued.</summary>
    public Task<IReadOnlyList<RunRecord>> GetAsync(string request, CancellationToken cancellationToken) => runs.ListRequestAsync(request, cancellationToken);

    /// <summary>Runs every queued source in this process: what CollectSource does in Azure.</summary>
    public Task<DrainResult> DrainAsync(CancellationToken cancellationToken) =>
        queue.DrainAsync(async (message, token) => await HandleAsync(message, token).ConfigureAwait(false), cancellationToken);
}
