using LlmPulse.Collectors;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>On the <see cref="CollectorSchedules.InvestmentSetting"/> schedule: collects the investment sources.</summary>
public sealed class CollectInvestment(CollectorService collector, ILogger<CollectInvestment> logger)
{
    [Function(nameof(CollectInvestment))]
    public Task Run([TimerTrigger(CollectorSchedules.InvestmentBinding)] TimerInfo timer, CancellationToken cancellationToken) =>
        CollectorTimer.RunAsync(collector, CollectorGroup.Investment, timer, logger, cancellationToken);
}
