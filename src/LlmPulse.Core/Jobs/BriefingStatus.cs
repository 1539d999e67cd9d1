using LlmPulse.Briefings;
using LlmPulse.Storage;

namespace LlmPulse.Jobs;

/// <summary>Everything known about one month's briefing: due or not and why, its expected series, versions and deliveries.</summary>
public sealed record BriefingStatus(
    MonthReadiness Readiness,
    IReadOnlyList<StoredBriefingInfo> Versions,
    IReadOnlyList<DeliveryRecord> Deliveries);

/// <summary>What <c>llmpulse status</c> and <c>GET /api/briefings/{month}/status</c> answer.</summary>
public sealed class BriefingStatusService(Readiness readiness, BriefingStore store, DeliveryLedger ledger, TimeProvider time)
{
    public async Task<BriefingStatus> GetAsync(BriefingMonth month, CancellationToken cancellationToken)
    {
        var ready = await readiness.CheckAsync(month, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var versions = await store.ListMonthAsync(month, cancellationToken).ConfigureAwait(false);
        var deliveries = (await ledger.ListMonthAsync(month.ToString(), cancellationToken).ConfigureAwait(false))
            .OrderBy(d => d.Subscriber, StringComparer.Ordinal)
            .ThenByDescending(d => d.Version)
            .ToArray();
        return new BriefingStatus(ready, versions, deliveries);
    }
}
