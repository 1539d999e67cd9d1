using LlmPulse.Briefings;
using LlmPulse.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmPulse.Delivery;

/// <summary>What happened to one reader's delivery in a run. <see cref="Status"/> is null when nothing was sent.</summary>
public sealed record DeliveryOutcome(string Month, string Subscriber, string Edition, int? Version, DeliveryStatus? Status, string Detail);

/// <summary>
/// Sends stored briefings to the configured subscribers through their channels, recording every attempt in the
/// delivery ledger so a rerun never sends twice and a failure is retried on a later run.
/// </summary>
public sealed class DeliveryService(
    BriefingStore store,
    DeliveryLedger ledger,
    IEnumerable<IDeliveryChannel> channels,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryService> logger)
{
    private readonly Dictionary<string, IDeliveryChannel> _channels = channels.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<SubscriberOptions> Subscribers => options.Value.Subscribers;

    /// <summary>
    /// Delivers a month's briefing to every subscriber (or the one named). The scheduled run passes
    /// <paramref name="resend"/> false: what was sent is not sent again. Send-now passes true.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryOutcome>> DeliverAsync(BriefingMonth month, string? onlySubscriber, bool resend, CancellationToken cancellationToken)
    {
        var subscribers = options.Value.Subscribers;
        if (onlySubscriber is not null && !subscribers.Any(s => string.Equals(s.Name, onlySubscriber, StringComparison.Ordinal)))
        {
            throw new FormatException($"There is no subscriber named '{onlySubscriber}': expected one of {string.Join(", ", subscribers.Select(s => s.Name))}.");
        }

        var outcomes = new List<DeliveryOutcome>();
        foreach (var subscriber in subscribers.Where(s => onlySubscriber is null || s.Name == onlySubscriber))
        {
            outcomes.Add(await DeliverAsync(month, subscriber, resend, cancellationToken).ConfigureAwait(false));
        }

        return outcomes;
    }

    private async Task<DeliveryOutcome> DeliverAsync(BriefingMonth month, SubscriberOptions subscriber, bool resend, CancellationToken cancellationToken)
    {
        var key = new BriefingKey(month, string.IsNullOrWhiteSpace(subscriber.Edition) ? BriefingKey.DefaultEdition : subscriber.Edition);
        var monthText = month.ToString();
        var stored = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return new DeliveryOutcome(monthText, subscriber.Name, key.Edition, null, null, $"skipped: no {key.Edition} briefing is stored for {month}");
        }

        var claim = await ledger.TryClaimAsync(monthText, subscriber.Name, subscriber.Channel, key.Edition, stored.Version, options.Value.MaxAttempts, resend, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            var current = await ledger.GetAsync(monthText, subscriber.Name, cancellationToken).ConfigureAwait(false);
            var why = current?.Status switch
            {
                DeliveryStatus.Sent => "skipped: already sent",
                DeliveryStatus.Failed => $"skipped: failed {current.Attempts} times, the most allowed",
                _ => "skipped: another run is sending it",
            };
            return new DeliveryOutcome(monthText, subscriber.Name, key.Edition, current?.Version, current?.Status, why);
        }

        string? error = null;
        try
        {
            if (!_channels.TryGetValue(subscriber.Channel, out var channel))
            {
                throw new DeliveryException($"Subscriber '{subscriber.Name}' names channel '{subscriber.Channel}'; expected one of {string.Join(", ", _channels.Keys)}.");
            }

            var delivery = await PrepareAsync(stored, cancellationToken).ConfigureAwait(false);
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

        var done = await ledger.CompleteAsync(claim, error, CancellationToken.None).ConfigureAwait(false);
        if (error is null)
        {
            logger.LogInformation("Delivered {Briefing} version {Version} to {Subscriber} by {Channel}", key.ToString(), stored.Version, subscriber.Name, subscriber.Channel);
            return new DeliveryOutcome(monthText, subscriber.Name, key.Edition, stored.Version, DeliveryStatus.Sent, $"sent by {subscriber.Channel}");
        }

        logger.LogWarning("Delivery of {Briefing} to {Subscriber} failed (attempt {Attempt}): {Error}", key.ToString(), subscriber.Name, done.Attempts, error);
        return new DeliveryOutcome(monthText, subscriber.Name, key.Edition, stored.Version, DeliveryStatus.Failed, error);
    }

    private async Task<BriefingDelivery> PrepareAsync(StoredBriefingInfo stored, CancellationToken cancellationToken)
    {
        byte[] pdf;
        try
        {
            pdf = await store.ReadAsync(stored, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new DeliveryException($"Briefing {stored.Key} version {stored.Version} is no longer stored.", e);
        }

        var cover = await store.ReadCoverAsync(stored.Sha256, cancellationToken).ConfigureAwait(false);
        var expiresAt = time.GetUtcNow().Add(options.Value.LinkExpiry);
        var link = await store.CreateReadLinkAsync(stored, expiresAt, cancellationToken).ConfigureAwait(false);
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
            cover?.Png);
    }
}
