using LlmPulse.Delivery;
using LlmPulse.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>
/// <c>POST /api/briefings/{month}/send[?to=subscriber]</c>: send-now. Queues the newest stored version for every
/// subscriber (or one), even those who already had it, and answers 202 at once; DeliverBriefing sends them and the
/// ledger (GET /api/deliveries, GET /api/briefings/{month}/status) records each. A client that sends an
/// <c>Idempotency-Key</c> header may retry after an error (a 503 when storage went away halfway) with the same key:
/// every subscriber then gets the briefing once for that key, however many attempts queued it.
/// </summary>
public sealed class SendBriefing(DeliveryService delivery, TimeProvider time, ILogger<SendBriefing> logger)
{
    [Function(nameof(SendBriefing))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = BriefingHttp.SendRoute)] HttpRequest request,
        string month)
    {
        if (!BriefingHttp.TryNoBody(request, out var problem) || !BriefingHttp.TryMonth(month, time, out var parsed, out problem))
        {
            return Task.FromResult(problem!);
        }

        if (!BriefingHttp.TryIdempotencyKey(request, out var key, out problem))
        {
            return Task.FromResult(problem!);
        }

        var to = request.Query.TryGetValue("to", out var values) ? values.ToString() : null;
        return BriefingHttp.AnswerAsync(logger, async () =>
        {
            IReadOnlyList<DeliveryOutcome> outcomes;
            try
            {
                outcomes = await delivery.QueueResendAsync(parsed, to, key, request.HttpContext.RequestAborted).ConfigureAwait(false);
            }
            catch (FormatException e)
            {
                return Problems.BadRequest(e.Message);
            }

            return ApiResults.Accepted(BriefingHttp.UrlWithoutQuery(request).Replace("/send", "/status", StringComparison.Ordinal), new { month = parsed.ToString(), deliveries = outcomes });
        });
    }
}
