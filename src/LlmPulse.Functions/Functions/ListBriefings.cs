using LlmPulse.Functions.Http;
using LlmPulse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary><c>GET /api/briefings</c>: the stored briefings, newest month first.</summary>
public sealed class ListBriefings(BriefingStore store, ILogger<ListBriefings> logger)
{
    [Function(nameof(ListBriefings))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = BriefingHttp.ListRoute)] HttpRequest request) =>
        BriefingHttp.AnswerAsync(logger, async () =>
        {
            var stored = await store.ListAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            return ApiResults.Ok(new BriefingList(stored.Select(BriefingResource.From).ToArray()));
        });
}
