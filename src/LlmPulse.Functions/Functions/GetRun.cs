using LlmPulse.Collectors;
using LlmPulse.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>
/// <c>GET /api/runs/{id}</c>: a queued collection request and each source's run (queued, running, succeeded,
/// failed, skipped); <c>status</c> is <c>queued</c>, <c>running</c> or <c>finished</c>.
/// </summary>
public sealed class GetRun(CollectionRequests collections, ILogger<GetRun> logger)
{
    private const int MaxIdLength = 100;

    [Function(nameof(GetRun))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = CollectorHttp.RunRoute)] HttpRequest request,
        string id)
    {
        if (!BriefingHttp.TryNoBody(request, out var tooLarge))
        {
            return Task.FromResult(tooLarge!);
        }

        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
        {
            return Task.FromResult<IActionResult>(Problems.UnknownRun(id ?? ""));
        }

        return BriefingHttp.AnswerAsync(logger, async () =>
        {
            var runs = await collections.GetAsync(id, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return runs.Count == 0 ? Problems.UnknownRun(id) : ApiResults.Ok(RequestResource.From(id, runs));
        });
    }
}
