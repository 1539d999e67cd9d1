using LlmPulse.Briefings;
using LlmPulse.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary><c>POST /api/briefings/{month}</c>: builds, renders and stores a month's briefing.</summary>
public sealed class CreateBriefing(BriefingService briefings, ILogger<CreateBriefing> logger)
{
    /// <remarks>Function key: a build costs compute and overwrites the stored document.</remarks>
    [Function(nameof(CreateBriefing))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = BriefingHttp.MonthRoute)] HttpRequest request,
        string month)
    {
        if (!BriefingMonth.TryParse(month, out var parsed))
        {
            return Task.FromResult<IActionResult>(Problems.BadMonth(month));
        }

        return BriefingHttp.AnswerAsync(logger, async () =>
        {
            try
            {
                var result = await briefings.CreateAsync(parsed, request.HttpContext.RequestAborted).ConfigureAwait(false);
                return ApiResults.Created(BriefingHttp.UrlWithoutQuery(request), BriefingResource.From(result.Stored));
            }
            catch (NoDataException e)
            {
                return Problems.NoData(e);
            }
        });
    }
}
