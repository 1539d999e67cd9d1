using System.Globalization;
using LlmPulse.Metrics;
using LlmPulse.Storage;

namespace LlmPulse.Collectors;

/// <summary>What writing one series' observations changed.</summary>
public sealed record SeriesWriteResult(int Added, int Revised, int Unchanged, int KeptFromOtherReporters, IReadOnlyList<string> Revisions)
{
    public static readonly SeriesWriteResult None = new(0, 0, 0, 0, []);

    public int Written => Added + Revised;
}

/// <summary>
/// The collectors' write path: compares a series' fetched observations with what is stored and writes only the new
/// and the changed ones, oldest first. Writes are upserts of values that depend only on the payload, so a rerun
/// writes nothing and two runs of the same payload at once end in the same stored data; oldest first means that a
/// run stopped halfway leaves a gap-free prefix, which the next run's window (from the latest stored period) covers.
/// </summary>
public sealed class ObservationWriter(MetricStore store, MonthlyRollupWriter rollups)
{
    /// <summary>
    /// Writes <paramref name="incoming"/> (one series, unique keys). A stored figure of another reporter (seeded from
    /// an article, say) is kept: a source revises its own figures, not someone else's.
    /// </summary>
    public async Task<SeriesWriteResult> WriteAsync(string seriesId, IReadOnlyList<Observation> incoming, CancellationToken cancellationToken)
    {
        if (incoming.Count == 0)
        {
            return SeriesWriteResult.None;
        }

        var from = incoming.Min(o => o.Period.End);
        var stored = (await store.GetObservationsAsync(seriesId, from, null, cancellationToken).ConfigureAwait(false)).ToDictionary(o => o.Key);
        var toWrite = new List<Observation>();
        var revisions = new List<string>();
        int added = 0, revised = 0, unchanged = 0, kept = 0;
        foreach (var observation in incoming.OrderBy(o => o.Period).ThenBy(o => o.Measure))
        {
            if (!stored.TryGetValue(observation.Key, out var current))
            {
                added++;
                toWrite.Add(observation);
            }
            else if (current.SameFigureAs(observation))
            {
                unchanged++;
            }
            else if (!string.Equals(current.ReportedBy, observation.ReportedBy, StringComparison.Ordinal))
            {
                kept++;
            }
            else
            {
                revised++;
                toWrite.Add(observation);
                revisions.Add(string.Create(CultureInfo.InvariantCulture, $"{seriesId} {observation.Period} {observation.Measure.ToText()}: {current.Value} -> {observation.Value}"));
            }
        }

        // Roll-ups first: see MonthlyRollupWriter for why a cut between the two must leave observations unwritten.
        await rollups.UpdateAsync(seriesId, toWrite, cancellationToken).ConfigureAwait(false);
        await store.WriteObservationsAsync(toWrite, cancellationToken).ConfigureAwait(false);
        return new SeriesWriteResult(added, revised, unchanged, kept, revisions);
    }
}
