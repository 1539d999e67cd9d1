using LlmPulse.Functions.Http;
using LlmPulse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>
/// <c>GET /api/health</c>, anonymous so probes need no key: whether storage answers, the latest collector run and
/// the latest delivery.
/// It tells nothing secret: no endpoints, no subscriber addresses.
/// </summary>
public sealed class Health(MetricStore metrics, RunStore runs, DeliveryLedger ledger, TimeProvider time, ILogger<Health> logger)
{
    [Function(nameof(Health))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        try
        {
            var series = await metrics.GetSeriesAsync(cancellationToken).ConfigureAwait(false);
            var lastRun = (await runs.ListAsync(1, null, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            var lastDelivery = (await ledger.ListAsync(1, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            return ApiResults.Ok(new
            {
                status = "healthy",
                checkedAt = time.GetUtcNow(),
                storage = new { reachable = true, series = series.Count },
                lastCollectorRun = lastRun is null ? null : new { lastRun.Source, Status = lastRun.StatusText, lastRun.Started, lastRun.Finished, lastRun.Written, lastRun.Revised },
                lastDelivery = lastDelivery is null ? null : new { lastDelivery.Month, lastDelivery.Status, lastDelivery.Attempts, lastDelivery.LastAttemptAt, lastDelivery.LastError },
            });
        }
        catch (StorageUnavailableException e)
        {
            logger.LogError(e, "Health check: storage is unreachable at {Endpoint}", e.Endpoint.GetLeftPart(UriPartial.Authority));
            return ApiResults.Json(new { status = "unhealthy", checkedAt = time.GetUtcNow(), storage = new { reachable = false } }, StatusCodes.Status503ServiceUnavailable, ApiResults.JsonContentType);
        }
    }
}
