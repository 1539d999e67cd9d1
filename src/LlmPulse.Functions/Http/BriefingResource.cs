using System.Text.Json.Serialization;
using LlmPulse.Storage;

namespace LlmPulse.Functions.Http;

/// <summary>
/// A stored briefing version as the HTTP API describes it. In a list, <see cref="Versions"/> adds the earlier
/// versions it replaced (newest first); single answers leave it out.
/// </summary>
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
    IReadOnlyList<string> KeyFindings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<BriefingVersion>? Versions = null)
{
    public static BriefingResource From(StoredBriefingInfo info) =>
        new(info.Month.ToString(), info.Edition, info.Version, info.BlobName, info.Bytes, info.ContentType, info.Sha256, info.GeneratedAt, info.DataAsOf, info.Summary.Title, info.Summary.KeyFindings);

    public static BriefingResource From(StoredBriefing stored) =>
        From(stored.Current) with
        {
            Versions = stored.Versions.Select(v => new BriefingVersion(v.Version, v.BlobName, v.Bytes, v.Sha256, v.GeneratedAt)).ToArray(),
        };
}

internal sealed record BriefingVersion(int Version, string BlobName, long Bytes, string Sha256, DateTimeOffset GeneratedAt);

/// <summary>The answer to GET /api/briefings: one page, newest month first; an object, so fields can be added.</summary>
internal sealed record BriefingList(IReadOnlyList<BriefingResource> Briefings, int Page, int PageSize, int Total, string? Next);
