using LlmPulse.Collectors;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>On the <see cref="CollectorSchedules.IndexesSetting"/> schedule: queues the indexes sources.</summary>
public sealed class CollectIndexes(CollectionRequests collections, ILogger<CollectIndexes> logger)
{
    [Function(nameof(CollectIndexes))]
    public Task Run([TimerTrigger(CollectorSchedules.IndexesBinding)] TimerInfo timer, CancellationToken cancellationToken) =>
        CollectorTimer.RunAsync(collections, CollectorGroup.Indexes, timer, logger, cancellationToken);
}
