using System.Globalization;
using System.Security.Cryptography;
using LlmPulse.Briefings;
using LlmPulse.Delivery;
using LlmPulse.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmPulse.Jobs;

/// <summary>Which briefings the reconciler keeps rendered, and when. Bound from the <c>Briefings</c> configuration section.</summary>
public sealed class BriefingOptions
{
    public const string SectionName = "Briefings";

    /// <summary>The reconciler looks after this many latest months that have data (catching up missed ones).</summary>
    public int CatchUpMonths { get; set; } = 3;

    /// <summary>Editions the reconciler renders, by language code; subscribers' editions are rendered too.</summary>
    public List<string> Editions { get; set; } = [BriefingKey.DefaultEdition];

    /// <summary>
    /// When a month's briefing is rendered at the latest, missing series or not: a day of the following month and
    /// a UTC time, <c>DD HH:mm</c>. See <see cref="Jobs.Deadline"/>.
    /// </summary>
    public string Deadline { get; set; } = Jobs.Deadline.Default;

    /// <summary>Whether a stored month is rendered again as a new version when its figures change.</summary>
    public bool Revise { get; set; } = true;

    /// <summary>
    /// A changed value is material when it moved by more than this many percent (0: any change). A new figure for
    /// the month is always material.
    /// </summary>
    public decimal RevisionMinChangePct { get; set; }

    /// <summary>The seed story's series: ChatGPT's traffic, the concept index and the investment total.</summary>
    public static readonly IReadOnlyList<string> DefaultFeatured =
        ["traffic.chatgpt.visits.world", "traffic.chatgpt.visits.us", "index.cn.chatgpt_concept", "investment.ai.global"];

    /// <summary>
    /// Series ids, in order, that lead their section and the key findings whenever they have news
    /// (<c>Briefings__Featured__0</c>, <c>__1</c>, ...); unset, <see cref="DefaultFeatured"/>. An array, so that
    /// configuring it replaces the default list instead of adding to it.
    /// </summary>
    public string[]? Featured { get; set; }

    public IReadOnlyList<string> FeaturedSeries => Featured is { Length: > 0 } configured ? configured : DefaultFeatured;
}

/// <summary>What the reconciler did for one month.</summary>
public sealed record MonthStep(BriefingMonth Month, MonthReadiness Readiness, string Action);

/// <summary>What a reconciler step did.</summary>
public sealed record MonthlyRunResult(
    DateTimeOffset AsOf,
    IReadOnlyList<BriefingMonth> Months,
    IReadOnlyList<MonthStep> Steps,
    IReadOnlyList<StoredBriefingInfo> Rendered,
    IReadOnlyList<string> Failures,
    IReadOnlyList<DeliveryOutcome> Deliveries)
{
    public bool Succeeded => Failures.Count == 0 && Deliveries.All(d => d.Status != DeliveryStatus.Failed);

    /// <summary>The same result with the deliveries made afterwards (the CLI drains the queue in-process).</summary>
    public MonthlyRunResult WithDeliveries(IReadOnlyList<DeliveryOutcome> made) => this with { Deliveries = [.. Deliveries.Where(d => d.Status != DeliveryStatus.Queued), .. made] };
}

/// <summary>
/// The reconciler, whatever door it comes through (the daily timer, <c>llmpulse monthly --as-of</c>): for each of
/// the latest months with data, render its briefing once it is due (<see cref="Readiness"/>), render a new version
/// when a stored month's figures changed materially, and queue the newest version for delivery. Every step is
/// idempotent: running it twice at the same moment renders and queues nothing new.
/// </summary>
public sealed class MonthlyRun(
    BriefingService briefings,
    BriefingStore store,
    DeliveryService delivery,
    Readiness readiness,
    IOptions<BriefingOptions> options,
    ILogger<MonthlyRun> logger)
{
    public async Task<MonthlyRunResult> RunAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        // One id per run on every log line of it, renders and deliveries included, to find a run in the logs.
        var runId = string.Create(CultureInfo.InvariantCulture, $"{asOf.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-monthly-{RandomNumberGenerator.GetHexString(6, lowercase: true)}");
        using var runScope = logger.BeginScope(new Dictionary<string, object> { ["RunId"] = runId, ["Job"] = "monthly", ["AsOf"] = asOf.ToString("O", CultureInfo.InvariantCulture) });
        var last = BriefingService.PreviousMonth(asOf);
        var months = await briefings.MonthsWithDataAsync(last, Math.Max(1, options.Value.CatchUpMonths), cancellationToken).ConfigureAwait(false);
        var editions = options.Value.Editions
            .Concat(delivery.Subscribers.Select(s => string.IsNullOrWhiteSpace(s.Edition) ? BriefingKey.DefaultEdition : s.Edition))
            .Distinct(StringComparer.Ordinal)
            .ToArray();

        var steps = new List<MonthStep>();
        var rendered = new List<StoredBriefingInfo>();
        var failures = new List<string>();
        var deliveries = new List<DeliveryOutcome>();
        foreach (var month in months)
        {
            var ready = await readiness.CheckAsync(month, asOf, cancellationToken).ConfigureAwait(false);
            if (!ready.Due)
            {
                logger.LogInformation("Briefing {Month} is not due yet: {Reason}", month.ToString(), ready.Reason);
                steps.Add(new MonthStep(month, ready, "waiting: " + ready.Reason));
                continue;
            }

            var actions = new List<string>();
            MonthFigures? figures = null;
            foreach (var edition in editions)
            {
                var key = new BriefingKey(month, edition);
                try
                {
                    var newest = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
                    BriefingProvenance? provenance;
                    if (newest is null)
                    {
                        provenance = new BriefingProvenance(ready.Missing, null, []);
                    }
                    else
                    {
                        figures ??= await briefings.MonthFiguresAsync(month, cancellationToken).ConfigureAwait(false);
                        provenance = await RevisionOfAsync(newest, figures, ready, cancellationToken).ConfigureAwait(false);
                    }

                    if (provenance is null)
                    {
                        continue;
                    }

                    var result = await briefings.StoreAsync(key, force: newest is not null, provenance, cancellationToken).ConfigureAwait(false);
                    if (result.Created)
                    {
                        rendered.Add(result.Stored);
                        actions.Add(provenance.RevisionOf is { } of
                            ? $"rendered {key} version {result.Stored.Version} (revises version {of}: {provenance.Changes.Count} change(s))"
                            : $"rendered {key} version {result.Stored.Version}");
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException and not StorageUnavailableException)
                {
                    // One month or edition failing must not keep the others from readers.
                    logger.LogError(e, "Monthly run could not render {Briefing}", key.ToString());
                    failures.Add($"{key}: {e.Message}");
                }
            }

            deliveries.AddRange(await delivery.QueueNewestAsync(month, cancellationToken).ConfigureAwait(false));
            steps.Add(new MonthStep(month, ready, actions.Count == 0 ? "up to date" : string.Join("; ", actions)));
        }

        logger.LogInformation(
            "Monthly run as of {AsOf:O}: months {Months}; rendered {Rendered}; {Queued} deliveries queued; waiting for {Waiting}",
            asOf, string.Join(", ", months), rendered.Count, deliveries.Count(d => d.Status == DeliveryStatus.Queued), string.Join(", ", steps.Where(s => !s.Readiness.Due).Select(s => s.Month)));
        return new MonthlyRunResult(asOf, months, steps, rendered, failures, deliveries);
    }

    /// <summary>
    /// The provenance of a new version when the month's figures changed materially since the newest stored one;
    /// null when nothing worth a new version changed (or revisions are off).
    /// </summary>
    private async Task<BriefingProvenance?> RevisionOfAsync(StoredBriefingInfo newest, MonthFigures current, MonthReadiness ready, CancellationToken cancellationToken)
    {
        if (!options.Value.Revise)
        {
            return null;
        }

        var earlier = await store.GetFiguresAsync(newest, cancellationToken).ConfigureAwait(false);
        if (earlier is null)
        {
            // A version stored without its figures (rendered before they were kept): nothing to compare with.
            return null;
        }

        var changes = current.ChangesSince(earlier, options.Value.RevisionMinChangePct);
        return changes.Count == 0 ? null : new BriefingProvenance(ready.Missing, newest.Version, changes);
    }
}
