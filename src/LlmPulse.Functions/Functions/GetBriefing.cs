using LlmPulse.Briefings;
using LlmPulse.Functions.Http;
using LlmPulse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace LlmPulse.Functions;

/// <summary><c>GET /api/briefings/{month}</c>: streams the stored briefing document.</summary>
public sealed class GetBriefing(BriefingStore store, ILogger<GetBriefing> logger)
{
    /// <remarks>
    /// Function key, like the other routes: nothing says the briefings are public, the key can be given to each
    /// reader and revoked, and opening the route later is a one-word change while closing it is not.
    /// </remarks>
    [Function(nameof(GetBriefing))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = BriefingHttp.MonthRoute)] HttpRequest request,
        string month)
    {
        if (!BriefingMonth.TryParse(month, out var parsed))
        {
            return Task.FromResult<IActionResult>(Problems.BadMonth(month));
        }

        return BriefingHttp.AnswerAsync(logger, async () =>
        {
            if (await store.OpenAsync(parsed, request.HttpContext.RequestAborted).ConfigureAwait(false) is not { } stored)
            {
                return Problems.BriefingNotStored(parsed);
            }

            // The result owns the blob stream and disposes of it once written, also when it answers 304.
            return new FileStreamResult(stored.Content, stored.Info.ContentType)
            {
                FileDownloadName = BriefingHttp.FileName(parsed),
                EntityTag = EntityTagHeaderValue.Parse(stored.Info.ETag.ToString("H")),
                LastModified = stored.Info.GeneratedAt,
            };
        });
    }
}
