using System.Globalization;
using System.Security.Cryptography;
using LlmPulse.Briefings;
using LlmPulse.Delivery;
using LlmPulse.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmPulse.Jobs;

/// <summary>Which briefings the monthly run keeps rendered. Bound from the <c>Briefings</c> configuration section.</summary>
public sealed class BriefingOptions
{
    public const string SectionName = "Briefings";

    /// <summary>The run renders every missing briefing among this many latest months that have data.</summary>
    public int CatchUpMonths { get; set; } = 3;

    /// <summary>Editions the run renders, by language code; subscribers' editions are rendered too.</summary>
    public List<string> Editions { get; set; } = [BriefingKey.DefaultEdition];

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

/// <summary>What a monthly run did.</summary>
public sealed record MonthlyRunResult(
    DateTimeOffset AsOf,
    IReadOnlyList<BriefingMonth> Months,
    IReadOnlyList<StoredBriefingInfo> Rendered,
    IReadOnlyList<string> Failures,
    IReadOnlyList<DeliveryOutcome> Deliveries)
{
    public bool Succeeded => Failures.Count == 0 && Deliveries.All(d => d.Status != DeliveryStatus.Failed);
}

/// <summary>
/// The monthly job, whatever door it comes through (the timer, <c>llmpulse monthly</c>): render every missing
/// briefing among the latest months with data, so a month missed while the app was down is caught up, then
/// deliver them. A stored month is never rendered again here; that takes a forced render.
/// </summary>
public sealed class MonthlyRun(
    BriefingService briefings,
    BriefingStore store,
    DeliveryService delivery,
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

        var rendered = new List<StoredBriefingInfo>();
        var failures = new List<string>();
        foreach (var month in months)
        {
            foreach (var edition in editions)
            {
                var key = new BriefingKey(month, edition);
                if (await store.GetAsync(key, cancellationToken).ConfigureAwait(false) is not null)
                {
                    continue;
                }

                try
                {
                    var result = await briefings.CreateAsync(key, force: false, cancellationToken).ConfigureAwait(false);
                    if (result.Created)
                    {
                        rendered.Add(result.Stored);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException and not StorageUnavailableException)
                {
                    // One month or edition failing must not keep the others from readers.
                    logger.LogError(e, "Monthly run could not render {Briefing}", key.ToString());
                    failures.Add($"{key}: {e.Message}");
                }
            }
        }

        var deliveries = new List<DeliveryOutcome>();
        foreach (var month in months)
        {
            deliveries.AddRange(await delivery.DeliverAsync(month, onlySubscriber: null, resend: false, cancellationToken).ConfigureAwait(false));
        }

        logger.LogInformation(
            "Monthly run as of {AsOf:O}: months {Months}; rendered {Rendered}; {Sent} deliveries sent, {Failed} failed",
            asOf, string.Join(", ", months), rendered.Count, deliveries.Count(d => d.Status == DeliveryStatus.Sent && d.Detail.StartsWith("sent", StringComparison.Ordinal)), deliveries.Count(d => d.Status == DeliveryStatus.Failed));
        return new MonthlyRunResult(asOf, months, rendered, failures, deliveries);
    }
}
