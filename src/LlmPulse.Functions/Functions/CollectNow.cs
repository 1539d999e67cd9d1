using LlmPulse.Collectors;
using LlmPulse.Functions.Http;
using LlmPulse.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>
/// <c>POST /api/collect/{source}?from=&amp;to=</c>: queues a collection for one source or (without a source) all,
/// from its latest stored period or over the days given (a backfill), and answers <c>202 Accepted</c> at once with
/// the request's id and a <c>Location</c> of <c>GET /api/runs/{id}</c>. CollectSource does the work from the
/// <c>collect</c> queue, one message per source, so no request waits on a source (Azure's front end gives up after
/// 230 seconds).
/// </summary>
public sealed class CollectNow(CollectionRequests collections, ILogger<CollectNow> logger)
{
    /// <remarks>Function key: a collection costs requests to the sources, and SimilarWeb's cost money.</remarks>
    [Function(nameof(CollectNow))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = CollectorHttp.CollectRoute)] HttpRequest request,
        string? source)
    {
        if (!BriefingHttp.TryNoBody(request, out var tooLarge))
        {
            return Task.FromResult(tooLarge!);
        }

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
                var queued = await collections.EnqueueAsync(
                    new CollectionRequest { Source = string.IsNullOrEmpty(source) ? null : source, From = from, To = to, Trigger = "http" },
                    request.HttpContext.RequestAborted).ConfigureAwait(false);
                var location = CollectorHttp.RunLocation(request, queued.Request);
                return ApiResults.Accepted(location, RequestResource.From(queued.Request, queued.Runs));
            }
            catch (SourceNotFoundException e)
            {
                return Problems.UnknownSource(e.SourceId);
            }
        });
    }
}
