using LlmPulse.Collectors;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>On the <see cref="CollectorSchedules.InvestmentSetting"/> schedule: queues the investment sources.</summary>
public sealed class CollectInvestment(CollectionRequests collections, ILogger<CollectInvestment> logger)
{
    [Function(nameof(CollectInvestment))]
    public Task Run([TimerTrigger(CollectorSchedules.InvestmentBinding)] TimerInfo timer, CancellationToken cancellationToken) =>
        CollectorTimer.RunAsync(collections, CollectorGroup.Investment, timer, logger, cancellationToken);
}
