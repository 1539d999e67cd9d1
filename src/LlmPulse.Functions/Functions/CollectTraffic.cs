using LlmPulse.Collectors;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>On the <see cref="CollectorSchedules.TrafficSetting"/> schedule: queues the traffic sources.</summary>
public sealed class CollectTraffic(CollectionRequests collections, ILogger<CollectTraffic> logger)
{
    [Function(nameof(CollectTraffic))]
    public Task Run([TimerTrigger(CollectorSchedules.TrafficBinding)] TimerInfo timer, CancellationToken cancellationToken) =>
        CollectorTimer.RunAsync(collections, CollectorGroup.Traffic, timer, logger, cancellationToken);
}
