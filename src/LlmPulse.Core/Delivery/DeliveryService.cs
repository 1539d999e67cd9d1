using LlmPulse.Briefings;
using LlmPulse.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmPulse.Delivery;

/// <summary>What happened to one reader's delivery. <see cref="Status"/> is null when nothing was queued or sent.</summary>
public sealed record DeliveryOutcome(string Month, string Subscriber, string Edition, int? Version, DeliveryStatus? Status, string Detail);

/// <summary>
/// Delivers stored briefings to the configured subscribers through a queue: <see cref="QueueNewestAsync"/> and
/// <see cref="QueueResendAsync"/> enqueue one message per version and subscriber, and <see cref="HandleAsync"/>
/// (the DeliverBriefing function in Azure, <see cref="DrainAsync"/> locally) sends one, recording every attempt in
/// the delivery ledger. A failure is retried from the queue after a growing delay; after
/// <see cref="DeliveryOptions.MaxAttempts"/> the message goes to the poison queue and the ledger says failed.
/// </summary>
public sealed class DeliveryService(
    BriefingStore store,
    DeliveryLedger ledger,
    DeliveryQueue queue,
    IEnumerable<IDeliveryChannel> channels,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryService> logger)
{
    private readonly Dictionary<string, IDeliveryChannel> _channels = channels.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<SubscriberOptions> Subscribers => options.Value.Subscribers;

    public DeliveryQueue Queue => queue;

    /// <summary>
    /// Queues the newest stored version of a month for every subscriber that has not had it queued yet: a first
    /// version for everyone, a revision for those who opted in (<see cref="SubscriberOptions.Revisions"/>) or never
    /// had any version. A queued delivery whose message was lost (a crash between recording and enqueuing, or
    /// between a failure and its retry) is queued again once it is overdue.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryOutcome>> QueueNewestAsync(BriefingMonth month, CancellationToken cancellationToken)
    {
        var outcomes = new List<DeliveryOutcome>();
        var monthText = month.ToString();
        var records = await ledger.ListMonthAsync(monthText, cancellationToken).ConfigureAwait(false);
        foreach (var subscriber in options.Value.Subscribers)
        {
            var key = KeyOf(month, subscriber);
            var newest = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (newest is null)
            {
                outcomes.Add(new DeliveryOutcome(monthText, subscriber.Name, key.Edition, null, null, $"skipped: no {key.Edition} briefing is stored for {month}"));
                continue;
            }

            var mine = records.Where(r => r.Subscriber == subscriber.Name && r.Edition == key.Edition).ToArray();
            if (mine.FirstOrDefault(r => r.Version == newest.Version) is { } existing)
            {
                if (existing.Status == DeliveryStatus.Queued && Overdue(existing))
                {
                    await queue.SendAsync(new DeliveryMessage(monthText, key.Edition, newest.Version, subscriber.Name), null, cancellationToken).ConfigureAwait(false);
                    outcomes.Add(new DeliveryOutcome(monthText, subscriber.Name, key.Edition, newest.Version, DeliveryStatus.Queued, "queued again: its message was overdue"));
                }

                continue;
            }

            var hadOne = mine.Any(r => r.Status == DeliveryStatus.Sent);
            if (hadOne && !subscriber.Revisions)
            {
                outcomes.Add(new DeliveryOutcome(monthText, subscriber.Name, key.Edition, newest.Version, null, "skipped: the subscriber does not take revisions"));
                continue;
            }

            var record = NewRecord(month, subscriber, key.Edition, newest.Version);
            if (await ledger.TryAddQueuedAsync(record, cancellationToken).ConfigureAwait(false))
            {
                await queue.SendAsync(new DeliveryMessage(monthText, key.Edition, newest.Version, subscriber.Name), null, cancellationToken).ConfigureAwait(false);
                var what = newest.Provenance.RevisionOf is { } of ? $"queued: revision of version {of}" : "queued";
                outcomes.Add(new DeliveryOutcome(monthText, subscriber.Name, key.Edition, newest.Version, DeliveryStatus.Queued, what));
            }
        }

        return outcomes;
    }

    /// <summary>
    /// Send-now: queues the newest version of a month for every subscriber (or the one named), also for those who
    /// had it. Each call is a request of its own, so it sends once more, however often its message is redelivered.
    /// </summary>
    public Task<IReadOnlyList<DeliveryOutcome>> QueueResendAsync(BriefingMonth month, string? onlySubscriber, CancellationToken cancellationToken) =>
        QueueResendAsync(month, onlySubscriber, requestId: null, cancellationToken);

    /// <summary>
    /// As <see cref="QueueResendAsync(BriefingMonth, string?, CancellationToken)"/>, under the caller's own request id:
    /// a caller that repeats a request it is unsure about (cut off by a storage outage, say) with the same id sends
    /// once, not twice, since the ledger keeps the id of the request that last sent each delivery.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryOutcome>> QueueResendAsync(BriefingMonth month, string? onlySubscriber, string? requestId, CancellationToken cancellationToken)
    {
        var subscribers = SubscribersNamed(onlySubscriber);
        var request = requestId ?? Guid.NewGuid().ToString("N");
        var outcomes = new List<DeliveryOutcome>();
        foreach (var subscriber in subscribers)
        {
            var key = KeyOf(month, subscriber);
            var newest = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (newest is null)
            {
                outcomes.Add(new DeliveryOutcome(month.ToString(), subscriber.Name, key.Edition, null, null, $"skipped: no {key.Edition} briefing is stored for {month}"));
                continue;
            }

            await queue.SendAsync(new DeliveryMessage(month.ToString(), key.Edition, newest.Version, subscriber.Name, request), null, cancellationToken).ConfigureAwait(false);
            outcomes.Add(new DeliveryOutcome(month.ToString(), subscriber.Name, key.Edition, newest.Version, DeliveryStatus.Queued, "queued"));
        }

        return outcomes;
    }

    /// <summary>
    /// Delivers a month in this process: queues (a resend for send-now, the newest versions otherwise) and drains
    /// the queue. What the CLI does, so one command still does the whole job without the Functions host.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryOutcome>> DeliverAsync(BriefingMonth month, string? onlySubscriber, bool resend, CancellationToken cancellationToken)
    {
        var queued = resend
            ? await QueueResendAsync(month, onlySubscriber, cancellationToken).ConfigureAwait(false)
            : await QueueNewestAsync(month, cancellationToken).ConfigureAwait(false);
        var handled = await DrainAsync(cancellationToken).ConfigureAwait(false);
        return queued.Where(q => q.Status is null).Concat(handled.Where(h => h.Month == month.ToString())).ToArray();
    }

    /// <summary>Handles every delivery message that is due now, in this process; what DeliverBriefing does in Azure.</summary>
    public async Task<IReadOnlyList<DeliveryOutcome>> DrainAsync(CancellationToken cancellationToken)
    {
        var outcomes = new List<DeliveryOutcome>();
        await queue.DrainAsync(
            async (message, token) => outcomes.Add(await HandleAsync(message, token).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);
        return outcomes;
    }

    /// <summary>
    /// Makes one delivery: claims its ledger row, sends, and records the outcome on the row it claimed. A failure
    /// queues the message again after <see cref="DeliveryOptions.RetryDelayAfter"/>, or puts it in the poison queue
    /// after the last attempt. Throws only when storage fails or <paramref name="cancellationToken"/> fires; then the
    /// queue tries the message again.
    /// </summary>
    public async Task<DeliveryOutcome> HandleAsync(DeliveryMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var subscriber = options.Value.Subscribers.FirstOrDefault(s => string.Equals(s.Name, message.Subscriber, StringComparison.Ordinal));
        if (subscriber is null || !BriefingMonth.TryParse(message.Month, out var month))
        {
            // Nothing to record it against: the poison queue keeps it for a person to look at.
            logger.LogError("Delivery message for {Month} to {Subscriber} names no configured subscriber or no month; moved to the poison queue", message.Month, message.Subscriber);
            await queue.SendToPoisonAsync(DeliveryQueue.Serialize(message), cancellationToken).ConfigureAwait(false);
            return new DeliveryOutcome(message.Month, message.Subscriber, message.Edition, message.Version, DeliveryStatus.Failed, "failed: no such subscriber is configured");
        }

        var key = new BriefingKey(month, message.Edition);
        var wanted = NewRecord(month, subscriber, message.Edition, message.Version);
        var claim = await ledger.TryClaimAsync(wanted, message.Request, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return await NotClaimedAsync(message, cancellationToken).ConfigureAwait(false);
        }

        string? error = null;
        var permanent = false;
        try
        {
            if (!_channels.TryGetValue(subscriber.Channel, out var channel))
            {
                permanent = true;
                throw new DeliveryException($"Subscriber '{subscriber.Name}' names channel '{subscriber.Channel}'; expected one of {string.Join(", ", _channels.Keys)}.");
            }

            var stored = await store.GetAsync(key, message.Version, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                permanent = true;
                throw new DeliveryException($"Briefing {key} version {message.Version} is not stored.");
            }

            var delivery = await PrepareAsync(stored, claim.DeliveryId, channel.SendsContent, cancellationToken).ConfigureAwait(false);
            await channel.SendAsync(subscriber, delivery, cancellationToken).ConfigureAwait(false);
        }
        catch (DeliveryException e)
        {
            error = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException and not StorageUnavailableException)
        {
            // Only the exception's kind: its message may quote a URL with a token in it.
            error = $"Unexpected {e.GetType().Name} while delivering";
            logger.LogError(e, "Delivery of {Briefing} to {Subscriber} failed unexpectedly", key.ToString(), subscriber.Name);
        }

        var monthText = month.ToString();
        if (error is null)
        {
            // Recorded even if the caller gave up meanwhile: the message went out.
            var sent = await ledger.CompleteAsync(claim, null, null, failedForGood: false, CancellationToken.None).ConfigureAwait(false);
            if (sent is null)
            {
                logger.LogWarning("Delivered {Briefing} version {Version} to {Subscriber} (delivery {DeliveryId}), but another worker had taken the delivery over; its record stands", key.ToString(), message.Version, subscriber.Name, claim.DeliveryId);
                return new DeliveryOutcome(monthText, subscriber.Name, key.Edition, message.Version, DeliveryStatus.Sent, "sent, but the ledger row belonged to another worker by then");
            }

            logger.LogInformation("Delivered {Briefing} version {Version} to {Subscriber} by {Channel}, delivery {DeliveryId}", key.ToString(), message.Version, subscriber.Name, subscriber.Channel, claim.DeliveryId);
            return new DeliveryOutcome(monthText, subscriber.Name, key.Edition, message.Version, DeliveryStatus.Sent, $"sent by {subscriber.Channel}");
        }

        var forGood = permanent || claim.Attempts >= options.Value.MaxAttempts;
        var delay = options.Value.RetryDelayAfter(claim.Attempts);
        var done = await ledger.CompleteAsync(claim, error, time.GetUtcNow().Add(delay), forGood, CancellationToken.None).ConfigureAwait(false);
        if (done is null)
        {
            logger.LogWarning("Delivery of {Briefing} to {Subscriber} failed, but another worker had taken it over; its record stands", key.ToString(), subscriber.Name);
            return new DeliveryOutcome(monthText, subscriber.Name, key.Edition, message.Version, null, "failed, but the ledger row belonged to another worker by then");
        }

        if (forGood)
        {
            await queue.SendToPoisonAsync(DeliveryQueue.Serialize(message), CancellationToken.None).ConfigureAwait(false);
            logger.LogError("Delivery of {Briefing} to {Subscriber} failed for good after {Attempts} attempt(s); moved to the poison queue: {Error}", key.ToString(), subscriber.Name, done.Attempts, error);
            return new DeliveryOutcome(monthText, subscriber.Name, key.Edition, message.Version, DeliveryStatus.Failed, error);
        }

        await queue.SendAsync(message, delay, CancellationToken.None).ConfigureAwait(false);
        logger.LogWarning("Delivery of {Briefing} to {Subscriber} failed (attempt {Attempt} of {MaxAttempts}), retrying from the queue at {NextAttemptAt:u}: {Error}", key.ToString(), subscriber.Name, done.Attempts, options.Value.MaxAttempts, done.NextAttemptAt, error);
        return new DeliveryOutcome(monthText, subscriber.Name, key.Edition, message.Version, DeliveryStatus.Failed, $"{error} (attempt {done.Attempts} of {options.Value.MaxAttempts}; retrying at {done.NextAttemptAt:u})");
    }

    private async Task<DeliveryOutcome> NotClaimedAsync(DeliveryMessage message, CancellationToken cancellationToken)
    {
        var current = await ledger.GetAsync(message.Month, message.Subscriber, message.Edition, message.Version, cancellationToken).ConfigureAwait(false);
        if (current?.Status == DeliveryStatus.Sending)
        {
            // Another worker holds it, or one died holding it: look again once its claim may be taken over.
            var wait = DeliveryLedger.ClaimTimeout - (time.GetUtcNow() - current.LastAttemptAt) + TimeSpan.FromMinutes(1);
            await queue.SendAsync(message, wait, cancellationToken).ConfigureAwait(false);
            return new DeliveryOutcome(message.Month, message.Subscriber, message.Edition, message.Version, DeliveryStatus.Sending, "skipped: another worker is sending it");
        }

        return new DeliveryOutcome(message.Month, message.Subscriber, message.Edition, message.Version, current?.Status, "skipped: already sent");
    }

    private IEnumerable<SubscriberOptions> SubscribersNamed(string? onlySubscriber)
    {
        var subscribers = options.Value.Subscribers;
        if (onlySubscriber is not null && !subscribers.Any(s => string.Equals(s.Name, onlySubscriber, StringComparison.Ordinal)))
        {
            throw new FormatException($"There is no subscriber named '{onlySubscriber}': expected one of {string.Join(", ", subscribers.Select(s => s.Name))}.");
        }

        return subscribers.Where(s => onlySubscriber is null || s.Name == onlySubscriber).ToArray();
    }

    private static BriefingKey KeyOf(BriefingMonth month, SubscriberOptions subscriber) =>
        new(month, string.IsNullOrWhiteSpace(subscriber.Edition) ? BriefingKey.DefaultEdition : subscriber.Edition);

    private DeliveryRecord NewRecord(BriefingMonth month, SubscriberOptions subscriber, string edition, int version) =>
        new(month.ToString(), subscriber.Name, subscriber.Channel, edition, version, DeliveryStatus.Queued, 0, null, time.GetUtcNow(), null)
        {
            DeliveryId = DeliveryId.For(month.ToString(), edition, version, subscriber.Name),
        };

    private bool Overdue(DeliveryRecord record) =>
        time.GetUtcNow() - (record.NextAttemptAt ?? record.LastAttemptAt) > DeliveryLedger.ClaimTimeout;

    private async Task<BriefingDelivery> PrepareAsync(StoredBriefingInfo stored, string deliveryId, bool withContent, CancellationToken cancellationToken)
    {
        byte[] pdf = [];
        if (withContent)
        {
            try
            {
                pdf = await store.ReadAsync(stored, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                throw new DeliveryException($"Briefing {stored.Key} version {stored.Version} is no longer stored.", e);
            }
        }

        // The email shows the cover; a webhook carries only the link, so it is not read for one.
        var cover = withContent ? await store.ReadCoverAsync(stored.Sha256, cancellationToken).ConfigureAwait(false) : null;

        // The link names the version's own blob, which never changes: it serves these bytes, this sha256, forever.
        var expiresAt = time.GetUtcNow().Add(options.Value.LinkExpiry);
        var link = await store.CreateReadLinkAsync(stored, expiresAt, cancellationToken).ConfigureAwait(false);
        logger.LogDebug("Prepared delivery {DeliveryId}", deliveryId);
        return new BriefingDelivery(
            stored.Month.ToString(),
            stored.Edition,
            stored.Version,
            stored.Summary.Title,
            stored.Summary.KeyFindings,
            stored.Key.FileName,
            pdf,
            stored.Sha256,
            link,
            expiresAt,
            cover?.Cover,
            cover?.Png)
        {
            RevisionOf = stored.Provenance.RevisionOf,
            Changes = stored.Provenance.Changes,
        };
    }
}
