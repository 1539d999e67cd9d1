using System.Diagnostics;
using System.Security.Cryptography;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Briefings;

/// <summary>A briefing that was built, rendered and stored.</summary>
public sealed record BriefingResult(StoredBriefingInfo Stored, byte[] Content, Briefing Model);

/// <summary>There is nothing to brief on: no observation ends on or before the month's end.</summary>
public sealed class NoDataException(BriefingMonth month)
    : Exception($"No data is stored for periods ending on or before {month.LastDay:yyyy-MM-dd}: import seeds or run a collector first.")
{
    public BriefingMonth Month { get; } = month;
}

/// <summary>
/// The application service behind every door (CLI, timer, HTTP): load data as of a month, build the model,
/// render it, store it.
/// </summary>
public sealed class BriefingService(
    MetricStore metrics,
    BriefingStore briefings,
    BriefingBuilder builder,
    IBriefingRenderer renderer,
    TimeProvider time,
    ILogger<BriefingService> logger)
{
    /// <summary>Loads every series and its observations whose period ends on or before the month's end.</summary>
    public async Task<BriefingData> LoadAsync(BriefingMonth month, CancellationToken cancellationToken)
    {
        var series = await metrics.GetSeriesAsync(cancellationToken).ConfigureAwait(false);
        var reads = series.Select(s => metrics.GetObservationsAsync(s.Id, null, month.LastDay, cancellationToken));
        var observations = (await Task.WhenAll(reads).ConfigureAwait(false)).SelectMany(o => o).ToArray();
        return new BriefingData(month, series, observations);
    }

    /// <summary>Builds the model only (no rendering, no storage).</summary>
    public async Task<Briefing> BuildAsync(BriefingMonth month, CancellationToken cancellationToken)
    {
        var data = await LoadAsync(month, cancellationToken).ConfigureAwait(false);
        if (data.Observations.Count == 0)
        {
            throw new NoDataException(month);
        }

        return builder.Build(data, time.GetUtcNow());
    }

    public async Task<BriefingResult> CreateAsync(BriefingMonth month, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var model = await BuildAsync(month, cancellationToken).ConfigureAwait(false);
        var content = renderer.Render(model);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var stored = await briefings.SaveAsync(month, content, renderer.ContentType, sha256, model.GeneratedAt, model.DataAsOf, cancellationToken).ConfigureAwait(false);
        logger.LogInformation(
            "Stored briefing {Month} as {BlobName}: {Bytes} bytes, sha256 {Sha256}, data as of {DataAsOf}, in {ElapsedMs:F0} ms",
            month.ToString(), stored.BlobName, stored.Bytes, sha256, model.DataAsOf, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new BriefingResult(stored, content, model);
    }

    /// <summary>The latest month that any stored observation ends in, or null when nothing is stored.</summary>
    public async Task<BriefingMonth?> LatestMonthWithDataAsync(CancellationToken cancellationToken)
    {
        var series = await metrics.GetSeriesAsync(cancellationToken).ConfigureAwait(false);
        DateOnly? latest = null;
        foreach (var s in series)
        {
            var observations = await metrics.GetObservationsAsync(s.Id, latest, null, cancellationToken).ConfigureAwait(false);
            if (observations.Count > 0 && (latest is null || observations[^1].Period.End > latest))
            {
                latest = observations[^1].Period.End;
            }
        }

        return latest is { } date ? BriefingMonth.FromDate(date) : null;
    }

    /// <summary>The month the monthly job briefs at a given moment: the previous calendar month (UTC).</summary>
    public static BriefingMonth PreviousMonth(DateTimeOffset now) =>
        BriefingMonth.FromDate(DateOnly.FromDateTime(now.UtcDateTime)).Previous;
}
