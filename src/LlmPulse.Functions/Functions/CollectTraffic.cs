using LlmPulse.Collectors;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>On the <see cref="CollectorSchedules.TrafficSetting"/> schedule: collects the traffic sources.</summary>
public sealed class CollectTraffic(CollectorService collector, ILogger<CollectTraffic> logger)
{
    [Function(nameof(CollectTraffic))]
    public Task Run([TimerTrigger(CollectorSchedules.TrafficBinding)] TimerInfo timer, CancellationToken cancellationToken) =>
        CollectorTimer.RunAsync(collector, CollectorGroup.Traffic, timer, logger, cancellationToken);
}
