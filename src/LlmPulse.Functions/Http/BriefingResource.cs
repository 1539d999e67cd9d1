using LlmPulse.Storage;

namespace LlmPulse.Functions.Http;

/// <summary>A stored briefing version as the HTTP API describes it.</summary>
internal sealed record BriefingResource(
    string Month,
    string Edition,
    int Version,
    string BlobName,
    long Bytes,
    string ContentType,
    string Sha256,
    DateTimeOffset GeneratedAt,
    DateOnly DataAsOf,
    string Title,
    IReadOnlyList<string> KeyFindings)
{
    public static BriefingResource From(StoredBriefingInfo info) =>
        new(info.Month.ToString(), info.Edition, info.Version, info.BlobName, info.Bytes, info.ContentType, info.Sha256, info.GeneratedAt, info.DataAsOf, info.Summary.Title, info.Summary.KeyFindings);
}

/// <summary>A listed briefing: its current version, and the earlier versions it replaced (newest first).</summary>
internal sealed record ListedBriefing(
    string Month,
    string Edition,
    int Version,
    string BlobName,
    long Bytes,
    string ContentType,
    string Sha256,
    DateTimeOffset GeneratedAt,
    DateOnly DataAsOf,
    string Title,
    IReadOnlyList<string> KeyFindings,
    IReadOnlyList<BriefingVersion> Versions)
{
    public static ListedBriefing From(StoredBriefing stored)
    {
        var c = stored.Current;
        return new(c.Month.ToString(), c.Edition, c.Version, c.BlobName, c.Bytes, c.ContentType, c.Sha256, c.GeneratedAt, c.DataAsOf, c.Summary.Title, c.Summary.KeyFindings,
            stored.Versions.Select(v => new BriefingVersion(v.Version, v.BlobName, v.Bytes, v.Sha256, v.GeneratedAt)).ToArray());
    }
}

internal sealed record BriefingVersion(int Version, string BlobName, long Bytes, string Sha256, DateTimeOffset GeneratedAt);

/// <summary>The answer to GET /api/briefings: one page, newest month first; an object, so fields can be added.</summary>
internal sealed record BriefingList(IReadOnlyList<ListedBriefing> Briefings, int Page, int PageSize, int Total, string? Next);
