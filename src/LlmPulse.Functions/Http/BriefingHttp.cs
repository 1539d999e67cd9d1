using System.Globalization;
using LlmPulse.Briefings;
using LlmPulse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions.Http;

/// <summary>What the HTTP functions share: their routes, request checks, and turning storage outages into 503.</summary>
internal static class BriefingHttp
{
    public const string ListRoute = "briefings";
    public const string MonthRoute = "briefings/{month}";
    public const string SendRoute = "briefings/{month}/send";
    public const string StatusRoute = "briefings/{month}/status";

    /// <summary>None of the mutating routes takes a body; anything bigger than this is refused unread.</summary>
    public const long MaxBodyBytes = 1024;

    /// <summary>
    /// The request's own URL without its query string: POST and GET share the path, and the query may hold the
    /// function key (<c>?code=</c>), which must not travel on in a Location header.
    /// </summary>
    public static string UrlWithoutQuery(HttpRequest request) =>
        UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path);

    /// <summary>
    /// The month in the route, checked: a real YYYY-MM month no later than the current one (a briefing of a month
    /// that has not begun would brief nothing).
    /// </summary>
    public static bool TryMonth(string? text, TimeProvider time, out BriefingMonth month, out IActionResult? problem)
    {
        problem = null;
        if (!BriefingMonth.TryParse(text, out month))
        {
            problem = Problems.BadMonth(text);
            return false;
        }

        var current = BriefingMonth.FromDate(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (month > current)
        {
            problem = Problems.FutureMonth(month, current);
            return false;
        }

        return true;
    }

    /// <summary>The edition from <c>?lang=</c>, English when absent.</summary>
    public static bool TryEdition(HttpRequest request, out string edition, out IActionResult? problem)
    {
        problem = null;
        edition = request.Query.TryGetValue("lang", out var values) ? values.ToString() : BriefingKey.DefaultEdition;
        if (Editions.IsAvailable(edition))
        {
            return true;
        }

        problem = Problems.BadParameter("lang", edition, $"one of {Editions.Describe()}");
        return false;
    }

    /// <summary>A true/false query flag, false when absent.</summary>
    public static bool TryFlag(HttpRequest request, string name, out bool value, out IActionResult? problem)
    {
        problem = null;
        value = false;
        if (!request.Query.TryGetValue(name, out var values) || bool.TryParse(values.ToString(), out value))
        {
            return true;
        }

        problem = Problems.BadParameter(name, values.ToString(), "true or false");
        return false;
    }

    /// <summary>A positive whole number query parameter within a range, or null when absent.</summary>
    public static bool TryNumber(HttpRequest request, string name, int max, out int? value, out IActionResult? problem)
    {
        problem = null;
        value = null;
        if (!request.Query.TryGetValue(name, out var values))
        {
            return true;
        }

        if (int.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= 1 && parsed <= max)
        {
            value = parsed;
            return true;
        }

        problem = Problems.BadParameter(name, values.ToString(), $"a whole number from 1 to {max.ToString(CultureInfo.InvariantCulture)}");
        return false;
    }

    /// <summary>
    /// The request's <c>Idempotency-Key</c> header, if any: 1 to 64 letters, digits, '-', '_' or '.', so that it can
    /// travel in queue messages and ledger rows as it is.
    /// </summary>
    public static bool TryIdempotencyKey(HttpRequest request, out string? key, out IActionResult? problem)
    {
        key = null;
        problem = null;
        if (!request.Headers.TryGetValue("Idempotency-Key", out var values))
        {
            return true;
        }

        var text = values.Count == 1 ? values[0] : null;
        if (text is not { Length: >= 1 and <= 64 } || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            problem = Problems.BadRequest("Idempotency-Key must be one value of 1 to 64 letters, digits, '-', '_' or '.'.");
            return false;
        }

        key = text;
        return true;
    }

    /// <summary>Refuses bodies on routes that take none, before anything reads them.</summary>
    public static bool TryNoBody(HttpRequest request, out IActionResult? problem)
    {
        problem = null;
        if (request.ContentLength is > MaxBodyBytes || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0))
        {
            problem = Problems.BodyTooLarge(MaxBodyBytes);
            return false;
        }

        return true;
    }

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
