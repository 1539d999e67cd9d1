using System.Globalization;
using LlmPulse.Functions.Http;
using LlmPulse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary><c>GET /api/briefings[?page=n][&amp;pageSize=n]</c>: stored briefings with their versions, newest month first.</summary>
public sealed class ListBriefings(BriefingStore store, ILogger<ListBriefings> logger)
{
    private const int DefaultPageSize = 24;
    private const int MaxPageSize = 100;
    private const int MaxPage = 10_000;

    [Function(nameof(ListBriefings))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = BriefingHttp.ListRoute)] HttpRequest request)
    {
        if (!BriefingHttp.TryNoBody(request, out var tooLarge))
        {
            return Task.FromResult(tooLarge!);
        }

        if (!BriefingHttp.TryNumber(request, "page", MaxPage, out var page, out var problem)
            || !BriefingHttp.TryNumber(request, "pageSize", MaxPageSize, out var pageSize, out problem))
        {
            return Task.FromResult(problem!);
        }

        return BriefingHttp.AnswerAsync(logger, async () =>
        {
            var stored = await store.ListAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            var (number, size) = (page ?? 1, pageSize ?? DefaultPageSize);
            var items = stored.Skip((number - 1) * size).Take(size).Select(BriefingResource.From).ToArray();
            var next = number * size < stored.Count
                ? BriefingHttp.UrlWithoutQuery(request) + string.Create(CultureInfo.InvariantCulture, $"?page={number + 1}&pageSize={size}")
                : null;
            return ApiResults.Ok(new BriefingList(items, number, size, stored.Count, next));
        });
    }
}
