using System.Globalization;
using LlmPulse.Collectors;
using LlmPulse.Functions.Http;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LlmPulse.Functions;

/// <summary>What the collector's HTTP functions share: routes, query parsing, the run resource and their problems.</summary>
internal static class CollectorHttp
{
    public const string CollectRoute = "collect/{source?}";
    public const string RunsRoute = "runs";
    public const int DefaultRunsLimit = 20;
    public const int MaxRunsLimit = 200;

    private const string TypePrefix = "urn:llmpulse:problem:";
    private const int MaxEchoedLength = 40;

    /// <summary>
    /// A day from the query: YYYY-MM-DD, or a month or year (YYYY-MM, YYYY), which means its first day for
    /// <c>from</c> and its last for <c>to</c>. Absent: null.
    /// </summary>
    public static bool TryDay(HttpRequest request, string name, bool end, out DateOnly? day, out IActionResult? problem)
    {
        day = null;
        problem = null;
        var text = request.Query[name].ToString();
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (Period.TryParse(text, out var period) && period.Kind is PeriodKind.Day or PeriodKind.Month or PeriodKind.Year)
        {
            day = end ? period.End : period.Start;
            return true;
        }

        problem = Problem(StatusCodes.Status400BadRequest, "bad-date", "Not a date", $"Expected {name} as YYYY-MM-DD, YYYY-MM or YYYY; got {Echo(text)}.");
        return false;
    }

    public static bool TryLimit(HttpRequest request, out int limit, out IActionResult? problem)
    {
        limit = DefaultRunsLimit;
        problem = null;
        var text = request.Query["limit"].ToString();
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxRunsLimit)
        {
            return true;
        }

        problem = Problem(StatusCodes.Status400BadRequest, "bad-parameter", "Bad parameter", $"Expected limit as a whole number from 1 to {MaxRunsLimit}; got {Echo(text)}.");
        return false;
    }

    public static ObjectResult BadRange(DateOnly from, DateOnly to) => Problem(
        StatusCodes.Status400BadRequest,
        "bad-date",
        "Dates out of order",
        string.Create(CultureInfo.InvariantCulture, $"from ({from:yyyy-MM-dd}) is after to ({to:yyyy-MM-dd})."));

    public static ObjectResult UnknownSource(SourceNotFoundException exception) => Problem(
        StatusCodes.Status404NotFound,
        "unknown-source",
        "No such source",
        $"No source {Echo(exception.SourceId)} is configured. GET /api/runs shows the sources that have run; the Sources configuration lists them all.");

    private static ObjectResult Problem(int status, string type, string title, string detail) =>
        ApiResults.Json(new ProblemDetails { Type = TypePrefix + type, Title = title, Status = status, Detail = detail }, status, Problems.ContentType);

    // Text from the URL: cut so that a long value cannot inflate the answer.
    private static string Echo(string? text) =>
        text is null ? "''" : "'" + (text.Length <= MaxEchoedLength ? text : text[..MaxEchoedLength] + "…") + "'";
}

/// <summary>A source's run as the HTTP API describes it.</summary>
internal sealed record RunResource(
    string RunId,
    string Source,
    string Adapter,
    string Group,
    string Trigger,
    string Status,
    string? Reason,
    DateTimeOffset Started,
    DateTimeOffset? Finished,
    string PeriodsAsked,
    int Series,
    int SeriesFailed,
    int Written,
    int Revised,
    string? Error,
    string? Note,
    string? Revisions)
{
    public static RunResource From(RunRecord r) => new(
        r.RunId,
        r.Source,
        r.Adapter,
        r.Group,
        r.Trigger,
        RunStore.StatusName(r.Status),
        r.Status == RunStatus.Skipped ? r.Note : null,
        r.Started,
        r.Finished,
        r.PeriodsAsked,
        r.Series,
        r.SeriesFailed,
        r.Written,
        r.Revised,
        r.Error,
        r.Status == RunStatus.Skipped ? null : r.Note,
        r.Revisions);
}

/// <summary>The answer to GET /api/runs.</summary>
internal sealed record RunList(IReadOnlyList<RunResource> Runs);

/// <summary>The answer to POST /api/collect: each source's run, and the totals.</summary>
internal sealed record CollectionResource(int Sources, int Failed, int Written, int Revised, IReadOnlyList<RunResource> Runs)
{
    public static CollectionResource From(CollectionReport report) =>
        new(report.Runs.Count, report.Failed, report.Written, report.Revised, report.Runs.Select(RunResource.From).ToArray());
}
