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

/// <summary>The answer to GET /api/briefings/{month}/status.</summary>
internal sealed record BriefingStatusResource(
    string Month,
    bool Finished,
    bool Due,
    string Reason,
    DateTimeOffset Deadline,
    IReadOnlyList<ExpectedSeriesResource> Expected,
    IReadOnlyList<string> Missing,
    IReadOnlyList<BriefingVersionStatus> Versions,
    IReadOnlyList<DeliveryResource> Deliveries)
{
    public static BriefingStatusResource From(Jobs.BriefingStatus status)
    {
        var r = status.Readiness;
        return new(
            r.Month.ToString(),
            r.Finished,
            r.Due,
            r.Reason,
            r.Deadline,
            r.Expected.Select(e => new ExpectedSeriesResource(e.SeriesId, e.Source, e.Frequency.ToString().ToLowerInvariant(), e.ExpectedBy, e.Present)).ToArray(),
            r.Missing,
            status.Versions.Select(v => new BriefingVersionStatus(v.Edition, v.Version, v.IsCurrent, v.BlobName, v.Sha256, v.GeneratedAt, v.Provenance.RevisionOf, v.Provenance.Changes, v.Provenance.MissingSeries)).ToArray(),
            status.Deliveries.Select(DeliveryResource.From).ToArray());
    }
}

internal sealed record ExpectedSeriesResource(string Series, string Source, string Frequency, DateOnly ExpectedBy, bool Present);

internal sealed record BriefingVersionStatus(string Edition, int Version, bool Newest, string BlobName, string Sha256, DateTimeOffset GeneratedAt, int? RevisionOf, IReadOnlyList<string> Changes, IReadOnlyList<string> MissingWhenRendered);

/// <summary>One ledger row as the HTTP API describes it.</summary>
internal sealed record DeliveryResource(
    string Month,
    string Subscriber,
    string Channel,
    string Edition,
    int Version,
    string DeliveryId,
    string Status,
    int Attempts,
    string? LastError,
    DateTimeOffset LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? SentAt)
{
    public static DeliveryResource From(DeliveryRecord r) =>
        new(r.Month, r.Subscriber, r.Channel, r.Edition, r.Version, r.DeliveryId, r.Status.ToString().ToLowerInvariant(), r.Attempts, r.LastError, r.LastAttemptAt, r.NextAttemptAt, r.SentAt);
}
