using LlmPulse.Functions.Http;
using LlmPulse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary><c>GET /api/runs?limit=20&amp;source=</c>: the latest collector runs, newest first.</summary>
public sealed class ListRuns(RunStore runs, ILogger<ListRuns> logger)
{
    [Function(nameof(ListRuns))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = CollectorHttp.RunsRoute)] HttpRequest request)
    {
        if (!BriefingHttp.TryNoBody(request, out var tooLarge))
        {
            return Task.FromResult(tooLarge!);
        }

        if (!BriefingHttp.TryNumber(request, "limit", CollectorHttp.MaxRunsLimit, out var limit, out var problem))
        {
            return Task.FromResult(problem!);
        }

        var source = request.Query["source"].ToString();
        return BriefingHttp.AnswerAsync(logger, async () =>
        {
            var latest = await runs.ListAsync(limit ?? CollectorHttp.DefaultRunsLimit, string.IsNullOrWhiteSpace(source) ? null : source, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return ApiResults.Ok(new RunList(latest.Select(RunResource.From).ToArray()));
        });
    }
}
