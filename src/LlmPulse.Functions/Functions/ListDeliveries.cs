using LlmPulse.Functions.Http;
using LlmPulse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary><c>GET /api/deliveries[?max=n]</c>: the delivery ledger, most recent attempt first.</summary>
public sealed class ListDeliveries(DeliveryLedger ledger, ILogger<ListDeliveries> logger)
{
    [Function(nameof(ListDeliveries))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "deliveries")] HttpRequest request)
    {
        if (!BriefingHttp.TryNoBody(request, out var tooLarge))
        {
            return Task.FromResult(tooLarge!);
        }

        if (!BriefingHttp.TryNumber(request, "max", 1000, out var max, out var problem))
        {
            return Task.FromResult(problem!);
        }

        return BriefingHttp.AnswerAsync(logger, async () =>
        {
            var records = await ledger.ListAsync(max ?? 50, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return ApiResults.Ok(new { deliveries = records });
        });
    }
}
