using LlmPulse.Collectors;
using LlmPulse.Storage;

namespace LlmPulse.Functions;

/// <summary>What the collector's HTTP functions share: their routes and limits; their resources follow.</summary>
internal static class CollectorHttp
{
    public const string CollectRoute = "collect/{source?}";
    public const string RunsRoute = "runs";
    public const string RunRoute = "runs/{id}";
    public const int DefaultRunsLimit = 20;
    public const int MaxRunsLimit = 200;

    /// <summary>Where a queued request is followed: this app's <c>/api/runs/{id}</c>, without the query (it may hold the key).</summary>
    public static string RunLocation(Microsoft.AspNetCore.Http.HttpRequest request, string id)
    {
        var url = Http.BriefingHttp.UrlWithoutQuery(request);
        var collect = url.LastIndexOf("/collect", StringComparison.Ordinal);
        return (collect < 0 ? url.TrimEnd('/') : url[..collect]) + "/runs/" + Uri.EscapeDataString(id);
    }
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

/// <summary>
/// The answer to POST /api/collect (202) and GET /api/runs/{id}: the request, where it is (queued until a source
/// starts, running until every source has finished, then finished), and each source's run.
/// </summary>
internal sealed record RequestResource(string RunId, string Status, int Sources, int Failed, int Written, int Revised, IReadOnlyList<RunResource> Runs)
{
    public static RequestResource From(string id, IReadOnlyList<RunRecord> runs)
    {
        var status = runs.All(r => r.Status == RunStatus.Queued) ? "queued"
            : runs.Any(r => r.Status is RunStatus.Queued or RunStatus.Running) ? "running"
            : "finished";
        return new(id, status, runs.Count, runs.Count(r => r.Status == RunStatus.Failed), runs.Sum(r => r.Written), runs.Sum(r => r.Revised), runs.Select(RunResource.From).ToArray());
    }
}

/// <summary>The answer to an in-process collection: each source's run, and the totals.</summary>
internal sealed record CollectionResource(int Sources, int Failed, int Written, int Revised, IReadOnlyList<RunResource> Runs)
{
    public static CollectionResource From(CollectionReport report) =>
        new(report.Runs.Count, report.Failed, report.Written, report.Revised, report.Runs.Select(RunResource.From).ToArray());
}
