using LlmPulse.Briefings;
using LlmPulse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions.Http;

/// <summary>What the HTTP functions share: their routes, and turning storage outages into 503.</summary>
internal static class BriefingHttp
{
    public const string ListRoute = "briefings";
    public const string MonthRoute = "briefings/{month}";

    /// <summary>The name a downloaded briefing is saved under.</summary>
    public static string FileName(BriefingMonth month) => $"llmpulse-{month}.pdf";

    /// <summary>
    /// The request's own URL without its query string: POST and GET share the path, and the query may hold the
    /// function key (<c>?code=</c>), which must not travel on in a Location header.
    /// </summary>
    public static string UrlWithoutQuery(HttpRequest request) =>
        UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path);

    public static async Task<IActionResult> AnswerAsync(ILogger logger, Func<Task<IActionResult>> answer)
    {
        try
        {
            return await answer().ConfigureAwait(false);
        }
        catch (StorageUnavailableException e)
        {
            // The message names the endpoint and the network error, never the connection string or key.
            logger.LogError(e, "Storage is unreachable at {Endpoint}; answering 503", e.Endpoint.GetLeftPart(UriPartial.Authority));
            return Problems.StorageUnavailable();
        }
    }
}
