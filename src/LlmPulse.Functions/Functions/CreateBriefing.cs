using LlmPulse.Briefings;
using LlmPulse.Functions.Http;
using LlmPulse.Jobs;
using LlmPulse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>
/// <c>POST /api/briefings/{month}[?force=true][&amp;lang=xx]</c>: builds, renders and stores a month's briefing.
/// 201 when this call stored it; 200 with the stored one when it already was (or a concurrent call stored it
/// first); <c>force=true</c> stores a new version and keeps the earlier one.
/// </summary>
/// <remarks>
/// The current month is refused with 422 (month-not-finished, with when it is due): a briefing is never stored
/// under a month's name before the month has ended.
/// </remarks>
public sealed class CreateBriefing(BriefingService briefings, Readiness readiness, TimeProvider time, ILogger<CreateBriefing> logger)
{
    /// <remarks>Function key: a build costs compute and may store a new version.</remarks>
    [Function(nameof(CreateBriefing))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = BriefingHttp.MonthRoute)] HttpRequest request,
        string month)
    {
        if (!BriefingHttp.TryNoBody(request, out var problem)
            || !BriefingHttp.TryMonth(month, time, out var parsed, out problem)
            || !BriefingHttp.TryEdition(request, out var edition, out problem)
            || !BriefingHttp.TryFlag(request, "force", out var force, out problem))
        {
            return Task.FromResult(problem!);
        }

        return BriefingHttp.AnswerAsync(logger, async () =>
        {
            try
            {
                var result = await briefings.StoreAsync(new BriefingKey(parsed, edition), force, request.HttpContext.RequestAborted).ConfigureAwait(false);
                var resource = BriefingResource.From(result.Stored);
                return result.Created
                    ? ApiResults.Created(BriefingHttp.UrlWithoutQuery(request), resource)
                    : ApiResults.Ok(resource);
            }
            catch (NoDataException e)
            {
                return Problems.NoData(e);
            }
            catch (MonthNotFinishedException e)
            {
                return Problems.MonthNotFinished(e, readiness.DeadlineOf(e.Month));
            }
        });
    }
}
