using Azure;
using LlmPulse.Metrics;

namespace LlmPulse.Storage;

/// <summary>What a conditional write did with one incoming observation.</summary>
internal enum MergeOutcome
{
    /// <summary>No row had the key: inserted.</summary>
    Added,

    /// <summary>The same reporter's stored figure differed: replaced with If-Match on the row read.</summary>
    Revised,

    /// <summary>The same figure was stored: nothing written.</summary>
    Unchanged,

    /// <summary>Another reporter's figure was stored: kept, nothing written.</summary>
    Kept,
}

/// <summary>A stored observation with the ETag it was read with, so a revision can be conditional on it.</summary>
internal readonly record struct StoredObservation(Observation Observation, ETag ETag);

/// <summary>One incoming observation, what became of it, and the stored figure it was decided against.</summary>
internal sealed record MergedObservation(Observation Incoming, MergeOutcome Outcome, Observation? Previous, ETag ETag)
{
    public bool Writes => Outcome is MergeOutcome.Added or MergeOutcome.Revised;
}

/// <summary>Every incoming observation's outcome, and how many transactions lost a race and were decided again.</summary>
internal sealed record MergeResult(IReadOnlyList<MergedObservation> Items, int Conflicts)
{
    public IReadOnlyList<Observation> Written => Items.Where(i => i.Writes).Select(i => i.Incoming).ToArray();

    public int Count(MergeOutcome outcome) => Items.Count(i => i.Outcome == outcome);
}

/// <summary>Other writers kept changing a series' rows under a write, more often than it re-decides.</summary>
public sealed class ObservationWriteConflictException(string seriesId, Period firstUnwritten, int attempts)
    : Exception($"Observations of {seriesId} kept changing under this write ({attempts} attempts); nothing from {firstUnwritten} on was written. Run it again.")
{
    public string SeriesId { get; } = seriesId;
}
