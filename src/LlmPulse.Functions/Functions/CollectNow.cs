using LlmPulse.Collectors;
using LlmPulse.Metrics;
using LlmPulse.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>
/// <c>POST /api/collect/{source}?from=&amp;to=</c>: runs a collector now, for one source or (without a source) all,
/// from its latest stored period or over the days given (a backfill). <c>200</c> with each source's run, also
/// when a source failed: its run says why, and the other sources still ran.
/// </summary>
public sealed class CollectNow(CollectorService collector, ILogger<CollectNow> logger)
{
    /// <remarks>Function key: a collection costs requests to the sources, and SimilarWeb's cost money.</remarks>
    [Function(nameof(CollectNow))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = CollectorHttp.CollectRoute)] HttpRequest request,
        string? source)
    {
        DateOnly? from, to;
        try
        {
            (from, to) = DayRange.Parse(request.Query["from"].ToString(), request.Query["to"].ToString(), "from", "to");
        }
        catch (FormatException e)
        {
            return Task.FromResult<IActionResult>(Problems.BadDates(e.Message));
        }

        return BriefingHttp.AnswerAsync(logger, async () =>
        {
            try
            {
                var report = await collector.CollectAsync(
                    new CollectionRequest { Source = string.IsNullOrWhiteSpace(source) ? null : source, From = from, To = to, Trigger = "http" },
                    null,
                    request.HttpContext.RequestAborted).ConfigureAwait(false);
                return ApiResults.Ok(CollectionResource.From(report));
            }
            catch (SourceNotFoundException e)
            {
                return Problems.UnknownSource(e.SourceId);
            }
        });
    }
}
