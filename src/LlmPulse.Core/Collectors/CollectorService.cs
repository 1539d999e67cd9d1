using System.Globalization;
using System.Security.Cryptography;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Collectors;

/// <summary>
/// Runs the collectors: for each source, decides each series' window, has the adapter turn the source's payload
/// into observations, writes what is new or revised, and records the run. One source failing never stops the
/// others; only storage going away stops a collection, since then nothing can be written or recorded.
/// </summary>
public sealed class CollectorService(
    SourceCatalog catalog,
    MetricStore store,
    RunStore runs,
    ObservationWriter writer,
    IHttpClientFactory httpClients,
    SecretMasker masker,
    TimeProvider time,
    ILogger<CollectorService> logger)
{
    /// <summary>The named client every source is asked through (standard resilience handler, no request logging).</summary>
    public const string HttpClientName = "LlmPulse.Collectors";

    /// <summary>How many revisions a run record lists by name; the count covers them all.</summary>
    private const int MaxListedRevisions = 25;

    /// <summary>Recent enough to hold any series' latest period, so finding it is usually one short query.</summary>
    private const int RecentDays = 400;

    public SourceCatalog Catalog => catalog;

    /// <summary>The sources a request names, in the order they run; throws when it names an unknown source.</summary>
    public IReadOnlyList<ConfiguredSource> Select(CollectionRequest request)
    {
        if (request.Source is { Length: > 0 } id)
        {
            return [catalog.Find(id) ?? throw new SourceNotFoundException(id, catalog.Sources.Select(s => s.Id))];
        }

        return catalog.Sources.Where(s => request.Group is not { } group || GroupOf(s) == group).ToArray();
    }

    public async Task<CollectionReport> CollectAsync(CollectionRequest request, IProgress<CollectionProgress>? progress, CancellationToken cancellationToken)
    {
        if (request.From is { } from && request.To is { } to && from > to)
        {
            throw new ArgumentException($"from ({from:yyyy-MM-dd}) is after to ({to:yyyy-MM-dd})", nameof(request));
        }

        var records = new List<RunRecord>();
        foreach (var source in Select(request))
        {
            records.Add(await CollectSourceAsync(source, request, progress, cancellationToken).ConfigureAwait(false));
        }

        return new CollectionReport(records);
    }

    private async Task<RunRecord> CollectSourceAsync(ConfiguredSource source, CollectionRequest request, IProgress<CollectionProgress>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var record = new RunRecord(
            request.Request is { } requestId ? RunIdFor(requestId, source.Id) : NewRunId(source.Id, started),
            source.Id,
            source.Adapter,
            GroupText(source),
            request.Trigger,
            RunStatus.Running,
            started,
            null,
            "",
            source.Series.Count,
            0,
            0,
            0,
            null,
            null,
            null)
        {
            Request = request.Request,
            Queued = request.Queued,
        };

        // The run record's id on every log line of this source's run, to find it in the logs.
        using var runScope = logger.BeginScope(new Dictionary<string, object> { ["RunId"] = record.RunId, ["Job"] = "collect", ["Source"] = source.Id, ["Trigger"] = record.Trigger });
        progress?.Report(new CollectionProgress(source.Id, 0, source.Series.Count, 0, 0, 0, null));

        if (source.Problems.Count > 0)
        {
            return await FinishAsync(record with { Status = RunStatus.Failed, Error = masker.Clean("configuration: " + string.Join("; ", source.Problems)) }, progress, cancellationToken).ConfigureAwait(false);
        }

        if (source.SkipReason is { } reason)
        {
            return await FinishAsync(record with { Status = RunStatus.Skipped, Note = reason }, progress, cancellationToken).ConfigureAwait(false);
        }

        // Recorded before anything is asked, so a run that never gets to its end still shows as started.
        await runs.SaveAsync(record, cancellationToken).ConfigureAwait(false);

        var adapter = source.AdapterImplementation!;
        var fetch = new SourceFetch(source, httpClients.CreateClient(HttpClientName), time, started);
        var today = fetch.Today;
        var windows = new List<SeriesWindow>();
        var errors = new List<string>();
        var revisions = new List<string>();
        int done = 0, written = 0, revised = 0, kept = 0, notAsked = 0;
        var unavailable = false;
        try
        {
            await RegisterSeriesAsync(source, cancellationToken).ConfigureAwait(false);
            foreach (var series in source.Series)
            {
                if (unavailable)
                {
                    // The source itself is unavailable: asking for its other series would only wait out the same retries.
                    notAsked++;
                    done++;
                    progress?.Report(new CollectionProgress(source.Id, done, source.Series.Count, written, revised, errors.Count + notAsked, null));
                    continue;
                }

                var window = await WindowAsync(source, series, request, today, cancellationToken).ConfigureAwait(false);
                if (window is not null)
                {
                    windows.Add(window);
                    try
                    {
                        var fetched = await adapter.FetchAsync(fetch, window, cancellationToken).ConfigureAwait(false);
                        var result = await writer.WriteAsync(series.Id, Accept(window, fetched), cancellationToken).ConfigureAwait(false);
                        written += result.Written;
                        revised += result.Revised;
                        kept += result.KeptFromOtherReporters;
                        revisions.AddRange(result.Revisions);
                    }
                    catch (SourcePayloadException e)
                    {
                        errors.Add($"{series.Id}: rejected the payload, nothing of it was written: {e.Message}");
                    }
                    catch (SourceRequestException e)
                    {
                        errors.Add($"{series.Id}: {e.Message}");
                        unavailable = e.Transient;
                    }
                    catch (Exception e) when (e is not StorageUnavailableException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
                    {
                        // An adapter bug or a payload nobody foresaw: this series fails, the others still run.
                        errors.Add($"{series.Id}: unexpected {e.GetType().Name}: {e.Message}");
                        logger.LogError("Collecting {Source}, series {Series}: unexpected {ExceptionType}: {Message}", source.Id, series.Id, e.GetType().FullName, masker.Clean(e.Message));
                    }
                }

                done++;
                progress?.Report(new CollectionProgress(source.Id, done, source.Series.Count, written, revised, errors.Count, null));
            }
        }
        catch (StorageUnavailableException e)
        {
            // Nothing more can be written or recorded: the run stays "running" in its record; the next run's windows
            // start from what did get stored.
            logger.LogError("Collecting {Source} stopped: storage is unreachable at {Endpoint}; run {RunId} is left unfinished", source.Id, e.Endpoint.GetLeftPart(UriPartial.Authority), record.RunId);
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await FinishAsync(record with { Status = RunStatus.Failed, Error = "cancelled", PeriodsAsked = DescribeWindows(windows), Written = written, Revised = revised }, progress, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var failed = errors.Count + notAsked;
        string? error = null;
        if (failed > 0)
        {
            error = $"{failed} of {source.Series.Count} series failed: " + string.Join("; ", errors);
            if (notAsked > 0)
            {
                error += $"; the other {notAsked} series were not asked, as the source is unavailable";
            }
        }

        var notes = new List<string>();
        if (windows.Count == 0 && failed == 0)
        {
            notes.Add("nothing new to ask: every series is up to date");
        }

        if (kept > 0)
        {
            notes.Add($"{kept} figures reported by others were kept");
        }

        var finished = record with
        {
            Status = failed == 0 ? RunStatus.Succeeded : RunStatus.Failed,
            PeriodsAsked = DescribeWindows(windows),
            SeriesFailed = failed,
            Written = written,
            Revised = revised,
            Error = error is null ? null : masker.Clean(error),
            Note = notes.Count == 0 ? null : string.Join("; ", notes),
            Revisions = DescribeRevisions(revisions),
        };
        return await FinishAsync(finished, progress, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RunRecord> FinishAsync(RunRecord record, IProgress<CollectionProgress>? progress, CancellationToken cancellationToken)
    {
        record = record with { Finished = time.GetUtcNow() };
        await runs.SaveAsync(record, cancellationToken).ConfigureAwait(false);

        // Progress first: a terminal view ends the source's line before a log line follows it.
        progress?.Report(new CollectionProgress(record.Source, record.Series, record.Series, record.Written, record.Revised, record.SeriesFailed, record));
        switch (record.Status)
        {
            case RunStatus.Failed:
                logger.LogWarning("Collected {Source} (run {RunId}): failed, {Written} written, {Revised} revised: {Error}", record.Source, record.RunId, record.Written, record.Revised, record.Error);
                break;
            case RunStatus.Skipped:
                logger.LogInformation("Collected {Source} (run {RunId}): skipped ({Reason})", record.Source, record.RunId, record.Note);
                break;
            default:
                logger.LogInformation("Collected {Source} (run {RunId}): succeeded, periods {Periods}, {Written} written, {Revised} revised", record.Source, record.RunId, record.PeriodsAsked, record.Written, record.Revised);
                break;
        }

        return record;
    }

    /// <summary>
    /// Registers the source's series as configured: new ones, and those this source registered before (same
    /// source name) when their definition changed. A series defined by someone else, such as the seeds, keeps
    /// its definition.
    /// </summary>
    private async Task RegisterSeriesAsync(ConfiguredSource source, CancellationToken cancellationToken)
    {
        var stored = (await store.GetSeriesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var toWrite = source.Series
            .Select(s => s.Definition)
            .Where(d => !stored.TryGetValue(d.Id, out var current) || (current.Source == d.Source && current != d))
            .ToArray();
        if (toWrite.Length > 0)
        {
            await store.WriteSeriesAsync(toWrite, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The days to ask for: a backfill's own dates; otherwise from the latest period this source stored (less the
    /// overlap, to pick up revisions), or from the source's Since when it stored none, to today less the source's
    /// publication lag. Null when there is nothing to ask.
    /// </summary>
    private async Task<SeriesWindow?> WindowAsync(ConfiguredSource source, ConfiguredSeries series, CollectionRequest request, DateOnly today, CancellationToken cancellationToken)
    {
        var to = request.To ?? today;
        var published = today.AddDays(-source.PublicationLagDays);
        if (to > published)
        {
            to = published;
        }

        DateOnly from;
        if (request.From is { } asked)
        {
            from = asked;
        }
        else
        {
            var latest = await LatestOwnPeriodAsync(source, series, today, cancellationToken).ConfigureAwait(false);
            from = latest is { } period ? Periods.OverlapStart(period, series.OverlapPeriods, series.Definition.Frequency) : source.Since;
        }

        return from > to ? null : new SeriesWindow(series, from, to);
    }

    private async Task<Period?> LatestOwnPeriodAsync(ConfiguredSource source, ConfiguredSeries series, DateOnly today, CancellationToken cancellationToken)
    {
        bool Own(Observation o) => o.Measure == series.Measure && string.Equals(o.ReportedBy, source.ReportedBy.Trim(), StringComparison.Ordinal);

        var recent = await store.GetObservationsAsync(series.Id, today.AddDays(-RecentDays), null, cancellationToken).ConfigureAwait(false);
        var own = recent.Where(Own).ToArray();
        if (own.Length == 0)
        {
            own = (await store.GetObservationsAsync(series.Id, null, null, cancellationToken).ConfigureAwait(false)).Where(Own).ToArray();
        }

        return own.Length == 0 ? null : own.Max(o => o.Period);
    }

    /// <summary>
    /// Checks what the adapter returned against the series and keeps the periods that end within the window. Two
    /// different values for one period reject the payload; the same value twice is kept once.
    /// </summary>
    private static List<Observation> Accept(SeriesWindow window, IReadOnlyList<Observation> fetched)
    {
        var series = window.Series;
        var byKey = new Dictionary<ObservationKey, Observation>();
        foreach (var observation in fetched)
        {
            if (observation.SeriesId != series.Id || observation.Measure != series.Measure)
            {
                throw new SourcePayloadException($"the adapter returned {observation.SeriesId} {observation.Measure.ToText()} for series {series.Id}");
            }

            if (!observation.Period.Fits(series.Definition.Frequency))
            {
                throw new SourcePayloadException($"the period {observation.Period} is not {Period.ExpectedForm(series.Definition.Frequency)}, as series {series.Id} is {series.Definition.Frequency.ToText()}");
            }

            if (observation.Period.End < window.From || observation.Period.End > window.To)
            {
                continue;
            }

            if (byKey.TryGetValue(observation.Key, out var first))
            {
                if (!first.SameFigureAs(observation))
                {
                    throw new SourcePayloadException($"two different values for {observation.Period}: {first.Value.ToString(CultureInfo.InvariantCulture)} and {observation.Value.ToString(CultureInfo.InvariantCulture)}");
                }

                continue;
            }

            byKey[observation.Key] = observation;
        }

        return byKey.Values.ToList();
    }

    /// <summary>"2023-06..2023-09" in the periods of the series (days when they differ); empty when nothing was asked.</summary>
    private static string DescribeWindows(IReadOnlyList<SeriesWindow> windows)
    {
        if (windows.Count == 0)
        {
            return "";
        }

        var from = windows.Min(w => w.From);
        var to = windows.Max(w => w.To);
        var frequencies = windows.Select(w => w.Series.Definition.Frequency).Distinct().ToArray();
        if (frequencies is [var frequency] && frequency is not (Frequency.Daily or Frequency.Irregular))
        {
            var first = Periods.Containing(from, frequency);
            var last = Periods.Containing(to, frequency);
            if (last.End > to)
            {
                last = last.Previous;
            }

            return last.CompareTo(first) < 0 ? $"{first} (not yet complete)" : first == last ? first.ToString() : $"{first}..{last}";
        }

        return from == to
            ? from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{from:yyyy-MM-dd}..{to:yyyy-MM-dd}");
    }

    private static string? DescribeRevisions(IReadOnlyList<string> revisions) =>
        revisions.Count == 0 ? null
        : revisions.Count <= MaxListedRevisions ? string.Join("; ", revisions)
        : string.Join("; ", revisions.Take(MaxListedRevisions)) + $"; and {revisions.Count - MaxListedRevisions} more";

    private static string NewRunId(string source, DateTimeOffset started) =>
        string.Create(CultureInfo.InvariantCulture, $"{started.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{source}-{RandomNumberGenerator.GetHexString(6, lowercase: true)}");

    /// <summary>The id of a source's run within a queued collection request: the request's id, a dot, the source.</summary>
    public static string RunIdFor(string request, string source) => $"{request}.{source}";

    internal static string GroupText(ConfiguredSource source) =>
        GroupOf(source)?.ToText() ?? source.Options.Group ?? "";

    private static CollectorGroup? GroupOf(ConfiguredSource source) =>
        CollectorGroups.TryParse(source.Options.Group, out var group) ? group : null;
}
