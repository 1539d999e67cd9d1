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
/// ledger (GET /api/deliveries, GET /api/briefings/{month}/status) records each.
/// </summary>
public sealed class SendBriefing(DeliveryService delivery, TimeProvider time, ILogger<SendBriefing> logger)
{
    /// <summary>The header a client repeats on a retry so that the request sends once.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    [Function(nameof(SendBriefing))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = BriefingHttp.SendRoute)] HttpRequest request,
        string month)
    {
        if (!BriefingHttp.TryNoBody(request, out var problem) || !BriefingHttp.TryMonth(month, time, out var parsed, out problem))
        {
            return Task.FromResult(problem!);
        }

        // A client that retries a request it is unsure about (a 503, a timeout) with the same Idempotency-Key sends once.
        string? requestId = null;
        if (request.Headers.TryGetValue(IdempotencyKeyHeader, out var keys))
        {
            var key = keys.ToString();
            if (key.Length is < 1 or > 64 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return Task.FromResult<IActionResult>(Problems.BadParameter(IdempotencyKeyHeader, key, "1 to 64 letters, digits, '-' or '_', such as a UUID"));
            }

            requestId = "key-" + key;
        }

        var to = request.Query.TryGetValue("to", out var values) ? values.ToString() : null;
        return BriefingHttp.AnswerAsync(logger, async () =>
        {
            IReadOnlyList<DeliveryOutcome> outcomes;
            try
            {
                outcomes = await delivery.QueueResendAsync(parsed, to, requestId, request.HttpContext.RequestAborted).ConfigureAwait(false);
            }
            catch (FormatException e)
            {
                return Problems.BadRequest(e.Message);
            }

            return ApiResults.Accepted(BriefingHttp.UrlWithoutQuery(request).Replace("/send", "/status", StringComparison.Ordinal), new { month = parsed.ToString(), deliveries = outcomes });
        });
    }
}
