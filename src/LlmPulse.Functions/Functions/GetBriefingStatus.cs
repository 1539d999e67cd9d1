using LlmPulse.Functions.Http;
using LlmPulse.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>
/// <c>GET /api/briefings/{month}/status</c>: whether the month's briefing is due and why, its expected series
/// (present and missing), its stored versions and its deliveries.
/// </summary>
public sealed class GetBriefingStatus(BriefingStatusService status, TimeProvider time, ILogger<GetBriefingStatus> logger)
{
    [Function(nameof(GetBriefingStatus))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = BriefingHttp.StatusRoute)] HttpRequest request,
        string month)
    {
        if (!BriefingHttp.TryNoBody(request, out var tooLarge))
        {
            return Task.FromResult(tooLarge!);
        }

        if (!BriefingHttp.TryMonth(month, time, out var parsed, out var problem))
        {
            return Task.FromResult(problem!);
        }

        return BriefingHttp.AnswerAsync(logger, async () =>
        {
            var answer = await status.GetAsync(parsed, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return ApiResults.Ok(BriefingStatusResource.From(answer));
        });
    }
}
