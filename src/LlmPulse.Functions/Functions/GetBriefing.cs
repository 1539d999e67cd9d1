using LlmPulse.Functions.Http;
using LlmPulse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace LlmPulse.Functions;

/// <summary><c>GET /api/briefings/{month}[?version=n][&amp;lang=xx]</c>: streams a stored briefing, the newest version by default.</summary>
public sealed class GetBriefing(BriefingStore store, TimeProvider time, ILogger<GetBriefing> logger)
{
    private const int MaxVersion = 100_000;

    /// <remarks>
    /// Function key, like the other routes: nothing says the briefings are public, the key can be given to each
    /// reader and revoked, and opening the route later is a one-word change while closing it is not.
    /// </remarks>
    [Function(nameof(GetBriefing))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = BriefingHttp.MonthRoute)] HttpRequest request,
        string month)
    {
        if (!BriefingHttp.TryNoBody(request, out var tooLarge))
        {
            return Task.FromResult(tooLarge!);
        }

        if (!BriefingHttp.TryMonth(month, time, out var parsed, out var problem)
            || !BriefingHttp.TryEdition(request, out var edition, out problem)
            || !BriefingHttp.TryNumber(request, "version", MaxVersion, out var version, out problem))
        {
            return Task.FromResult(problem!);
        }

        return BriefingHttp.AnswerAsync(logger, async () =>
        {
            var key = new BriefingKey(parsed, edition);
            if (await store.OpenAsync(key, version, request.HttpContext.RequestAborted).ConfigureAwait(false) is not { } stored)
            {
                return Problems.BriefingNotStored(parsed, edition, version);
            }

            // The result owns the blob stream and disposes of it once written, also when it answers 304.
            return new FileStreamResult(stored.Content, stored.Info.ContentType)
            {
                FileDownloadName = key.FileName,
                EntityTag = EntityTagHeaderValue.Parse(stored.Info.ETag.ToString("H")),
                LastModified = stored.Info.GeneratedAt,
            };
        });
    }
}
