using LlmPulse.Storage;

namespace LlmPulse.Functions.Http;

/// <summary>A stored briefing as the HTTP API describes it.</summary>
internal sealed record BriefingResource(
    string Month,
    string BlobName,
    long Bytes,
    string ContentType,
    string Sha256,
    DateTimeOffset GeneratedAt,
    DateOnly DataAsOf)
{
    public static BriefingResource From(StoredBriefingInfo info) =>
        new(info.Month.ToString(), info.BlobName, info.Bytes, info.ContentType, info.Sha256, info.GeneratedAt, info.DataAsOf);
}

/// <summary>The answer to GET /api/briefings: an object, so fields can be added without breaking clients.</summary>
internal sealed record BriefingList(IReadOnlyList<BriefingResource> Briefings);
