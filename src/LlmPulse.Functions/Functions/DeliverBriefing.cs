using LlmPulse.Delivery;
using LlmPulse.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>
/// On each message of the <see cref="DeliveryQueue.DefaultName"/> queue: one delivery of one briefing version to
/// one subscriber (<see cref="DeliveryService.HandleAsync"/>). A failed send is queued again by the service with a
/// growing delay, and after <see cref="DeliveryOptions.MaxAttempts"/> put in the poison queue; an exception here
/// (storage unreachable, the host shutting down) leaves the message to the host, which tries it again and after
/// host.json's maxDequeueCount moves it to <c>deliveries-poison</c> too.
/// </summary>
public sealed class DeliverBriefing(DeliveryService delivery, ILogger<DeliverBriefing> logger)
{
    [Function(nameof(DeliverBriefing))]
    public async Task Run([QueueTrigger(DeliveryQueue.DefaultName)] string message, CancellationToken cancellationToken)
    {
        if (DeliveryQueue.Deserialize(message) is not { } body)
        {
            logger.LogError("A message on the {Queue} queue is not a delivery; moved to the poison queue", DeliveryQueue.DefaultName);
            await delivery.Queue.SendToPoisonAsync(message, cancellationToken).ConfigureAwait(false);
            return;
        }

        var outcome = await delivery.HandleAsync(body, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Delivery of {Month} ({Edition}) version {Version} to {Subscriber}: {Detail}", outcome.Month, outcome.Edition, outcome.Version, outcome.Subscriber, outcome.Detail);
    }
}
