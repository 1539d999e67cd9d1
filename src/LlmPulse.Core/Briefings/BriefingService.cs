using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Briefings;

/// <summary>
/// A stored briefing and its bytes. <see cref="Created"/> is false when the caller got a briefing that was
/// already stored (or that a concurrent caller stored first) instead of the one it rendered.
/// </summary>
public sealed record BriefingResult(StoredBriefingInfo Stored, bool Created, byte[] Content);

/// <summary>A stored briefing's metadata, and whether this call stored it (see <see cref="BriefingResult"/>).</summary>
public sealed record StoredBriefingResult(StoredBriefingInfo Stored, bool Created);

/// <summary>There is nothing to brief on: no observation ends on or before the month's end.</summary>
public sealed class NoDataException(BriefingMonth month)
    : Exception($"No data is stored for periods ending on or before {month.LastDay:yyyy-MM-dd}: import seeds or run a collector first.")
{
    public BriefingMonth Month { get; } = month;
}

/// <summary>
/// A briefing was asked for a month that has not ended. Its briefing is never stored under the month's name
/// before the month is over and its briefing is due; the error says when that is at the earliest.
/// </summary>
public sealed class MonthNotFinishedException(BriefingMonth month)
    : Exception($"{month} has not ended yet: its briefing is rendered once the month is over and its expected data is in (from {month.Next.FirstDay:yyyy-MM-dd} at the earliest); briefings of finished months can be rendered now.")
{
    public BriefingMonth Month { get; } = month;

    /// <summary>The first moment the month's briefing can be rendered.</summary>
    public DateTimeOffset EarliestAt { get; } = new(month.Next.FirstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

/// <summary>
/// The application service behind every door (CLI, timer, HTTP): load data as of a month, build the model,
/// render it, store it.
/// </summary>
public sealed class BriefingService(
    MetricStore metrics,
    RollupStore rollups,
    BriefingStore briefings,
    BriefingBuilder builder,
    IBriefingRenderer renderer,
    TimeProvider time,
    ILogger<BriefingService> logger)
{
    /// <summary>
    /// Loads every series as of the month's end: a daily series as its monthly roll-ups plus the days of the month
    /// itself (never its whole history of days), any other series as its observations (a few a year).
    /// </summary>
    /// <remarks>
    /// Roll-ups and the month's figures of every daily series come from the months and days tables
    /// (<see cref="RollupStore"/>), a row per series and year of roll-ups and a row per series of the month's figures,
    /// in a few queries whatever the number of series: under Azurite, where each query reads the whole table, a query
    /// per series (or pages of one row per day) made the load grow with series times stored days. Data stored before
    /// those tables (or before the days table) is read from the observations: a daily series whose roll-up of the
    /// month counts other than its copied level days, or one with a figure too long to copy, or every daily series
    /// when the month has no copies at all. <c>llmpulse rollups rebuild</c> writes the tables for such data. Those and
    /// every non-daily series are read in a few queries for all of them, not one per series (see <see cref="MetricStore.GetObservationsAsync(IReadOnlyCollection{ObservationWindow}, CancellationToken)"/>).
    /// </remarks>
    public async Task<BriefingData> LoadAsync(BriefingMonth month, CancellationToken cancellationToken)
    {
        // The three reads at once: the months and days tables are small, so reading them for a month without daily
        // series costs little, and waiting for the series first cost a round trip every time.
        var seriesRead = metrics.GetSeriesAsync(cancellationToken);
        var rollupRead = rollups.GetAllAsync(month.FirstDay, cancellationToken);
        var copyRead = rollups.ReadMonthCopiesAsync(month, cancellationToken);
        IReadOnlyList<Series> series;
        try
        {
            series = await seriesRead.ConfigureAwait(false);
        }
        catch
        {
            // Nothing left running behind the error (the storage outage tests count every request a load sends).
            await Task.WhenAll(rollupRead, copyRead).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        // Every other series' history up to the month's end needs nothing from the months table: its few queries
        // start now, while the roll-ups and copies are still on their way.
        var otherRead = metrics.GetObservationsAsync(
            series.Where(s => s.Frequency != Frequency.Daily).Select(s => new ObservationWindow(s.Id, null, month.LastDay)).ToArray(),
            cancellationToken);
        try
        {
            await Task.WhenAll(rollupRead, copyRead).ConfigureAwait(false);
        }
        catch
        {
            await ((Task)otherRead).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        var rolledUp = await rollupRead.ConfigureAwait(false);
        var read = await copyRead.ConfigureAwait(false);
        var copies = read.Figures.ToLookup(o => o.SeriesId, StringComparer.Ordinal);
        var uncopied = read.Uncopied;

        // No copies at all: data stored before them (or written by a tool that bypassed the writer), read from the
        // observations as before. A month without daily data pays that too, but such a month has little to read.
        var noCopies = copies.Count == 0 && uncopied.Count == 0;
        var observations = new IReadOnlyList<Observation>[series.Count];
        var monthly = new IReadOnlyList<MonthlyRollup>[series.Count];
        var uncopiedDays = new List<ObservationWindow>();
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            if (s.Frequency != Frequency.Daily)
            {
                monthly[i] = [];
                continue;
            }

            monthly[i] = rolledUp.TryGetValue(s.Id, out var stored) ? stored : [];
            // In the series partition's row-key order, then sorted as a read of that partition is, so the same
            // figures come in the same order either way.
            var copied = copies[s.Id].ToList();
            copied.Sort(RowKeyOrder);
            copied.Sort((a, b) => a.Period.CompareTo(b.Period));
            if (noCopies || uncopied.Contains(s.Id) || !MatchesRollup(copied, monthly[i], month))
            {
                uncopiedDays.Add(new ObservationWindow(s.Id, month.FirstDay, month.LastDay));
            }
            else
            {
                observations[i] = copied;
            }
        }

        IReadOnlyDictionary<string, IReadOnlyList<Observation>> days;
        try
        {
            days = await metrics.GetObservationsAsync(uncopiedDays, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ((Task)otherRead).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        var others = await otherRead.ConfigureAwait(false);
        for (var i = 0; i < series.Count; i++)
        {
            observations[i] ??= (series[i].Frequency == Frequency.Daily ? days : others)[series[i].Id];
        }

        return new BriefingData(month, series, observations.SelectMany(o => o).ToArray(), monthly.SelectMany(r => r).ToArray());
    }

    /// <summary>
    /// The order of one series' observations by row key (<see cref="MetricStore.RowKey"/>), ordinal, without making
    /// the keys: end date, then period and measure as written. A series' row keys are unique, so any sort gives one order.
    /// </summary>
    private static readonly Comparison<Observation> RowKeyOrder = (a, b) =>
    {
        var byEnd = a.Period.End.CompareTo(b.Period.End);
        if (byEnd != 0)
        {
            return byEnd;
        }

        return a.Period == b.Period
            ? string.CompareOrdinal(a.Measure.ToText(), b.Measure.ToText())
            : string.CompareOrdinal(MetricStore.RowKey(a.Period, a.Measure), MetricStore.RowKey(b.Period, b.Measure));
    };

    /// <summary>
    /// True when a series' copied days of the month are as many as its roll-up of the month counts (none without a
    /// roll-up): roll-up and copies are written together, so a difference means days stored before the copies.
    /// </summary>
    private static bool MatchesRollup(IReadOnlyCollection<Observation> copied, IReadOnlyList<MonthlyRollup> rollups, BriefingMonth month)
    {
        var levelDays = copied.Count(o => o.Measure == Measure.Level && o.Period.Kind == PeriodKind.Day);
        var rollup = rollups.Count > 0 && rollups[^1].Month.Start == month.FirstDay ? rollups[^1] : null;
        return levelDays == (rollup?.DaysWithData ?? 0);
    }

    /// <summary>Builds the model only (no rendering, no storage).</summary>
    public async Task<Briefing> BuildAsync(BriefingMonth month, CancellationToken cancellationToken) =>
        await BuildAsync(month, BriefingLanguage.English, cancellationToken).ConfigureAwait(false);

    /// <summary>Builds the model of one edition only (no rendering, no storage).</summary>
    public async Task<Briefing> BuildAsync(BriefingMonth month, BriefingLanguage language, CancellationToken cancellationToken)
    {
        // The month before's briefing is a blob read that needs nothing from the load: both at once.
        var previous = PreviousAsync(month, language, cancellationToken);
        var data = await LoadAsync(month, cancellationToken).ConfigureAwait(false);
        if (data.Observations.Count == 0 && data.Rollups is not { Count: > 0 })
        {
            await previous.ConfigureAwait(false);
            throw new NoDataException(month);
        }

        return builder.Build(data, time.GetUtcNow(), language, await previous.ConfigureAwait(false));
    }

    /// <summary>The last briefing of the month before, in the same edition, if one is stored: the cover's "what changed" compares with it.</summary>
    private async Task<PreviousBriefing?> PreviousAsync(BriefingMonth month, BriefingLanguage language, CancellationToken cancellationToken)
    {
        var stored = await briefings.GetAsync(new BriefingKey(month.Previous, language.Code()), cancellationToken).ConfigureAwait(false);
        return stored is null ? null : new PreviousBriefing(stored.Month, stored.GeneratedAt);
    }

    /// <summary>
    /// Builds, renders and stores a month's briefing, unless one is stored and <paramref name="force"/> is false:
    /// then the stored one is returned untouched. With <paramref name="force"/>, a new version is stored beside the
    /// earlier ones, which never change. Concurrent callers all end with the one stored version. A month that has
    /// not ended is refused (<see cref="MonthNotFinishedException"/>): its name is kept for the finished month.
    /// </summary>
    public Task<BriefingResult> CreateAsync(BriefingKey key, bool force, CancellationToken cancellationToken) =>
        CreateAsync(key, force, BriefingProvenance.None, cancellationToken);

    /// <summary>
    /// As <see cref="CreateAsync(BriefingKey, bool, CancellationToken)"/>, recording where the version came from:
    /// the expected series still missing (named on its sources page) and, for a revision, what it revises.
    /// </summary>
    public async Task<BriefingResult> CreateAsync(BriefingKey key, bool force, BriefingProvenance provenance, CancellationToken cancellationToken)
    {
        var (stored, created, content) = await StoreCoreAsync(key, force, provenance, cancellationToken).ConfigureAwait(false);
        return new BriefingResult(stored, created, content ?? await briefings.ReadAsync(stored, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// As <see cref="CreateAsync(BriefingKey, bool, CancellationToken)"/>, for callers that answer with the stored
    /// briefing's metadata only (the HTTP POST, the monthly run): a briefing stored already, or stored first by a
    /// concurrent caller, is not downloaded.
    /// </summary>
    public Task<StoredBriefingResult> StoreAsync(BriefingKey key, bool force, CancellationToken cancellationToken) =>
        StoreAsync(key, force, BriefingProvenance.None, cancellationToken);

    /// <summary>As <see cref="StoreAsync(BriefingKey, bool, CancellationToken)"/>, recording where the version came from.</summary>
    public async Task<StoredBriefingResult> StoreAsync(BriefingKey key, bool force, BriefingProvenance provenance, CancellationToken cancellationToken)
    {
        var (stored, created, _) = await StoreCoreAsync(key, force, provenance, cancellationToken).ConfigureAwait(false);
        return new StoredBriefingResult(stored, created);
    }

    /// <summary>The stored briefing, whether this call stored it, and its bytes when this call rendered them.</summary>
    private async Task<(StoredBriefingInfo Stored, bool Created, byte[]? Content)> StoreCoreAsync(BriefingKey key, bool force, BriefingProvenance provenance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        var language = Editions.Language(key.Edition);
        var current = BriefingMonth.FromDate(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (key.Month >= current)
        {
            throw new MonthNotFinishedException(key.Month);
        }

        if (!force && await briefings.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return (existing, false, null);
        }

        // One id per render, on every log line of it: a render inside a monthly run keeps that run's RunId too.
        var renderId = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{key.Month}-{key.Edition}-{RandomNumberGenerator.GetHexString(6, lowercase: true)}");
        using var renderScope = logger.BeginScope(new Dictionary<string, object> { ["RenderId"] = renderId, ["Briefing"] = key.ToString(), ["Force"] = force });
        var started = Stopwatch.GetTimestamp();
        var data = await LoadAsync(key.Month, cancellationToken).ConfigureAwait(false);
        StartupTrace.Mark("data loaded");
        if (data.Observations.Count == 0)
        {
            throw new NoDataException(key.Month);
        }

        var previous = await PreviousAsync(key.Month, language, cancellationToken).ConfigureAwait(false);
        var model = BriefingBuilder.WithMissingSeries(builder.Build(data, time.GetUtcNow(), language, previous), provenance.MissingSeries, data.Series);
        StartupTrace.Mark("model built (with the previous month's briefing read)");
        var content = renderer.Render(model);
        StartupTrace.Mark("rendered");
        var document = new BriefingDocument(
            content,
            renderer.ContentType,
            Convert.ToHexStringLower(SHA256.HashData(content)),
            model.GeneratedAt,
            model.DataAsOf,
            new BriefingSummary(model.Document.Title, model.KeyFindings.Select(f => f.Text).ToArray()))
        {
            Provenance = provenance,
            Figures = MonthFigures.From(data.Observations.Where(o => BriefingMonth.FromDate(o.Period.End) == key.Month)),
        };
        // The cover before the PDF, for the same reason as the figures (see BriefingStore.SaveVersionAsync): once the
        // version exists, a rerun finds it and stores nothing more. Keyed by the PDF's hash, a cover of an attempt
        // that then lost the race for its version number is left unused, never shown with another version.
        await SaveCoverAsync(model, document.Sha256, cancellationToken).ConfigureAwait(false);
        StartupTrace.Mark("cover rendered and stored");
        var saved = force
            ? await briefings.ReplaceAsync(key, document, cancellationToken).ConfigureAwait(false)
            : await briefings.SaveAsync(key, document, cancellationToken).ConfigureAwait(false);
        StartupTrace.Mark("stored");
        var stored = saved.Stored;
        if (!saved.Created)
        {
            logger.LogInformation("Briefing {Briefing} was stored by another caller first; answering with version {Version}", key.ToString(), stored.Version);
            return (stored, false, null);
        }

        logger.LogInformation(
            "Stored briefing {Briefing} version {Version} as {BlobName}: {Bytes} bytes, sha256 {Sha256}, data as of {DataAsOf}, in {ElapsedMs:F0} ms",
            key.ToString(), stored.Version, stored.BlobName, stored.Bytes, stored.Sha256, model.DataAsOf, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return (stored, true, content);
    }

    /// <summary>The figures of a month as stored now: every series' observations whose period ends in it.</summary>
    public async Task<MonthFigures> MonthFiguresAsync(BriefingMonth month, CancellationToken cancellationToken)
    {
        var series = await metrics.GetSeriesAsync(cancellationToken).ConfigureAwait(false);
        var observations = await metrics.GetMonthObservationsAsync(series.Select(s => s.Id), month, cancellationToken).ConfigureAwait(false);
        return MonthFigures.From(observations.Values.SelectMany(o => o));
    }

    /// <summary>
    /// Stores the cover (tiles as text, the page as a PNG) for the email, before the version itself: storage failing
    /// here fails the store, and the rerun writes both, rather than a version whose email never gets its picture.
    /// </summary>
    private async Task SaveCoverAsync(Briefing model, string sha256, CancellationToken cancellationToken)
    {
        if (model.Cover is { } cover)
        {
            await briefings.SaveCoverAsync(sha256, cover, renderer.RenderCoverImage(model), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<BriefingResult> CreateAsync(BriefingMonth month, CancellationToken cancellationToken) =>
        CreateAsync(new BriefingKey(month), force: false, cancellationToken);

    /// <summary>The latest month that any stored observation ends in, or null when nothing is stored.</summary>
    public async Task<BriefingMonth?> LatestMonthWithDataAsync(CancellationToken cancellationToken)
    {
        var indexed = await rollups.GetMonthsAsync(null, cancellationToken).ConfigureAwait(false);
        if (indexed.Count > 0)
        {
            return BriefingMonth.FromDate(indexed[^1]);
        }

        // Observations stored before the month index existed: find the month from the series themselves.
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

    /// <summary>
    /// The latest <paramref name="count"/> months, up to <paramref name="last"/>, in which some stored observation's
    /// period ends, oldest first: the months the monthly run keeps briefed.
    /// </summary>
    public async Task<IReadOnlyList<BriefingMonth>> MonthsWithDataAsync(BriefingMonth last, int count, CancellationToken cancellationToken)
    {
        var indexed = await rollups.GetMonthsAsync(last.LastDay, cancellationToken).ConfigureAwait(false);
        if (indexed.Count > 0)
        {
            return indexed.Select(BriefingMonth.FromDate).Reverse().Take(count).Reverse().ToArray();
        }

        var series = await metrics.GetSeriesAsync(cancellationToken).ConfigureAwait(false);
        var months = new SortedSet<BriefingMonth>();
        foreach (var s in series)
        {
            foreach (var observation in await metrics.GetObservationsAsync(s.Id, null, last.LastDay, cancellationToken).ConfigureAwait(false))
            {
                months.Add(BriefingMonth.FromDate(observation.Period.End));
            }
        }

        return months.Reverse().Take(count).Reverse().ToArray();
    }

    /// <summary>The month the monthly job briefs at a given moment: the previous calendar month (UTC).</summary>
    public static BriefingMonth PreviousMonth(DateTimeOffset now) =>
        BriefingMonth.FromDate(DateOnly.FromDateTime(now.UtcDateTime)).Previous;
}
