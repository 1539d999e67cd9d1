using LlmPulse.Collectors;
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
        if (!CollectorHttp.TryDay(request, "from", end: false, out var from, out var problem)
            || !CollectorHttp.TryDay(request, "to", end: true, out var to, out problem))
        {
            return Task.FromResult(problem!);
        }

        if (from is { } start && to is { } end && start > end)
        {
            return Task.FromResult<IActionResult>(CollectorHttp.BadRange(start, end));
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
                return CollectorHttp.UnknownSource(e);
            }
        });
    }
}
