using LlmPulse.Briefings;
using LlmPulse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LlmPulse.Functions.Http;

/// <summary>
/// Every error answer of the HTTP API, as RFC 7807 problem details. The type URIs are stable names clients can
/// switch on; details never carry storage endpoints, connection strings or keys.
/// </summary>
internal static class Problems
{
    public const string ContentType = "application/problem+json";

    private const string TypePrefix = "urn:llmpulse:problem:";
    private const int MaxEchoedLength = 40;

    public static ObjectResult BadMonth(string? text) => Create(
        StatusCodes.Status400BadRequest,
        "bad-month",
        "Not a month",
        $"Expected a month as YYYY-MM with a month from 01 to 12, for example 2023-07; got {Echo(text)}.");

    public static ObjectResult FutureMonth(BriefingMonth month, BriefingMonth current) => Create(
        StatusCodes.Status400BadRequest,
        "future-month",
        "The month has not begun",
        $"{month} is after the current month, {current}: there is nothing to brief on yet.",
        month);

    public static ObjectResult BadParameter(string name, string? value, string expected) => Create(
        StatusCodes.Status400BadRequest,
        "bad-parameter",
        $"Bad value for '{name}'",
        $"Expected {expected} for '{name}'; got {Echo(value)}.");

    public static ObjectResult BodyTooLarge(long max) => Create(
        StatusCodes.Status413PayloadTooLarge,
        "body-too-large",
        "Request body too large",
        $"This route takes no request body (at most {max} bytes are accepted).");

    public static ObjectResult BriefingNotStored(BriefingMonth month, string edition = BriefingKey.DefaultEdition, int? version = null) => Create(
        StatusCodes.Status404NotFound,
        "briefing-not-stored",
        version is null ? "No briefing is stored for this month" : "No such version of this briefing",
        version is null
            ? $"No {edition} briefing is stored for {month}: POST /api/briefings/{month}{(edition == BriefingKey.DefaultEdition ? "" : "?lang=" + edition)} builds and stores it."
            : $"Version {version} of the {edition} briefing for {month} is not stored; GET /api/briefings lists the versions.",
        month);

    /// <summary>
    /// 422, not 404: the month is well formed and the route exists, but the stored data cannot produce a
    /// briefing for it, which importing data changes; 404 would read as a wrong URL.
    /// </summary>
    public static ObjectResult NoData(NoDataException exception) => Create(
        StatusCodes.Status422UnprocessableEntity,
        "no-data",
        "No data for this month",
        exception.Message,
        exception.Month);

    /// <summary>
    /// 422: the month is valid but has not ended, and a briefing is never stored under a month's name before then.
    /// <c>earliest</c> and <c>dueBy</c> say when it can be rendered and when it will be at the latest.
    /// </summary>
    public static ObjectResult MonthNotFinished(MonthNotFinishedException exception, DateTimeOffset dueBy)
    {
        var result = Create(
            StatusCodes.Status422UnprocessableEntity,
            "month-not-finished",
            "The month has not ended",
            exception.Message + $" It is due by {dueBy.UtcDateTime:yyyy-MM-dd HH:mm}Z at the latest.",
            exception.Month);
        var problem = (ProblemDetails)result.Value!;
        problem.Extensions["earliest"] = exception.EarliestAt;
        problem.Extensions["dueBy"] = dueBy;
        return result;
    }

    public static ObjectResult UnknownRun(string id) => Create(
        StatusCodes.Status404NotFound,
        "unknown-run",
        "No such collection run",
        $"No collection run {Echo(id)} is recorded or queued; GET /api/runs lists the latest runs.");

    public static ObjectResult StorageUnavailable() => Create(
        StatusCodes.Status503ServiceUnavailable,
        "storage-unavailable",
        "Storage is unavailable",
        "The briefing storage could not be reached. Try again later; if this persists, check the storage setting of the app.");

    public static ObjectResult UnknownSeries(string id) => Create(
        StatusCodes.Status404NotFound,
        "unknown-series",
        "No such series",
        $"No series {Echo(id)} is stored; GET /api/series lists them.");

    public static ObjectResult BadDates(string detail) => Create(
        StatusCodes.Status400BadRequest,
        "bad-date",
        "Bad dates",
        detail);

    public static ObjectResult UnknownSource(string id) => Create(
        StatusCodes.Status404NotFound,
        "unknown-source",
        "No such source",
        $"No source {Echo(id)} is configured. GET /api/runs shows the sources that have run; the Sources configuration lists them all.");

    public static ObjectResult BadRequest(string detail) => Create(
        StatusCodes.Status400BadRequest,
        "bad-request",
        "Bad request",
        detail);

    private static ObjectResult Create(int status, string type, string title, string detail, BriefingMonth? month = null)
    {
        var problem = new ProblemDetails
        {
            Type = TypePrefix + type,
            Title = title,
            Status = status,
            Detail = detail,
        };
        if (month is { } value)
        {
            problem.Extensions["month"] = value.ToString();
        }

        return ApiResults.Json(problem, status, ContentType);
    }

    // The text comes from the URL: cut it so a long path cannot inflate the answer.
    private static string Echo(string? text) =>
        text is null ? "" : text.Length <= MaxEchoedLength ? text : text[..MaxEchoedLength] + "…";
}
