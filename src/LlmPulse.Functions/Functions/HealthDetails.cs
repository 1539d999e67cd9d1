using LlmPulse.Briefings;
using LlmPulse.Functions.Http;
using LlmPulse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>
/// <c>GET /api/health/details</c>, behind a function key: what the anonymous probe leaves out, for an operator.
/// The dependencies, the latest collector run and the deliveries of the last three months with their last errors
/// (which name subscribers and mail or webhook hosts). Reads the newest run and those months' ledger partitions only.
/// </summary>
public sealed class HealthDetails(StorageHealth storage, RunStore runs, DeliveryLedger ledger, TimeProvider time, ILogger<HealthDetails> logger)
{
    /// <summary>Months of the ledger read: the current one and the two before it.</summary>
    public const int DeliveryMonths = 3;

    [Function(nameof(HealthDetails))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "health/details")] HttpRequest request)
    {
        if (!BriefingHttp.TryNoBody(request, out var tooLarge))
        {
            return tooLarge!;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var dependencies = await storage.CheckAsync(cancellationToken).ConfigureAwait(false);
        var status = Health.Overall(dependencies);
        var answer = await BriefingHttp.AnswerAsync(logger, async () =>
        {
            var lastRun = (await runs.ListAsync(1, null, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            var from = BriefingMonth.FromDate(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddMonths(-(DeliveryMonths - 1)));
            var deliveries = await ledger.ListSinceAsync(from.ToString(), 20, cancellationToken).ConfigureAwait(false);
            return ApiResults.Ok(new
            {
                status,
                checkedAt = time.GetUtcNow(),
                dependencies = dependencies.ToDictionary(d => d.Name, d => new { status = d.Status, checkedAt = d.CheckedAt }),
                lastCollectorRun = lastRun is null ? null : new { lastRun.Source, Status = lastRun.StatusText, lastRun.Started, lastRun.Finished, lastRun.Written, lastRun.Revised, lastRun.Error },
                recentDeliveries = deliveries.Select(d => new { d.Month, d.Subscriber, d.Channel, d.Edition, d.Version, d.Status, d.Attempts, d.LastAttemptAt, d.LastError }),
            });
        }).ConfigureAwait(false);
        return answer;
    }
}
