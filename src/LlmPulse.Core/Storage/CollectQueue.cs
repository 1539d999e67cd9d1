using Microsoft.Extensions.Options;

namespace LlmPulse.Storage;

/// <summary>
/// One source to collect for a collection request: <see cref="Request"/> is the id the request was answered with
/// (<c>GET /api/runs/{id}</c>), the same on every source's run record.
/// </summary>
public sealed record CollectMessage(string Request, string Source, DateOnly? From, DateOnly? To, string Trigger)
{
    /// <summary>When the request was queued: the run keeps its place in the list of runs from then on.</summary>
    public DateTimeOffset? QueuedAt { get; init; }
}

/// <summary>The collection queue: POST /api/collect and the collector timers enqueue; CollectSource takes the messages.</summary>
public sealed class CollectQueue(StorageClients clients, IOptions<StorageOptions> options)
    : MessageQueue<CollectMessage>(clients, options.Value.CollectQueue)
{
    /// <summary>The queue the CollectSource function's trigger names.</summary>
    public const string DefaultName = "collect";
}
