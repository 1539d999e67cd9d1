using Microsoft.Extensions.Options;

namespace LlmPulse.Storage;

/// <summary>
/// One delivery to make: a stored briefing version for one subscriber. <see cref="Request"/> is set by send-now
/// (a fresh id per request), so a version already sent goes again once per request, not once per redelivery.
/// </summary>
public sealed record DeliveryMessage(string Month, string Edition, int Version, string Subscriber, string? Request = null);

/// <summary>The delivery queue: rendering a version enqueues one message per subscriber; DeliverBriefing takes them.</summary>
public sealed class DeliveryQueue(StorageClients clients, IOptions<StorageOptions> options)
    : MessageQueue<DeliveryMessage>(clients, options.Value.DeliveryQueue)
{
    /// <summary>The queue the DeliverBriefing function's trigger names.</summary>
    public const string DefaultName = "deliveries";
}
