using LlmPulse.Storage;

namespace LlmPulse.Collectors;

/// <summary>
/// What to collect: every enabled source, those of one group (a timer), or one source; by default each series from
/// its latest stored period (less the overlap) to today, or over [<see cref="From"/>, <see cref="To"/>] for a backfill.
/// </summary>
public sealed record CollectionRequest
{
    public CollectorGroup? Group { get; init; }

    public string? Source { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    /// <summary>The queued collection request this run belongs to (its runs' ids start with it); null in-process.</summary>
    public string? Request { get; init; }

    /// <summary>When the request was queued, for a run that belongs to one.</summary>
    public DateTimeOffset? Queued { get; init; }

    /// <summary>Who started the run, kept in its record: timer, http or cli.</summary>
    public string Trigger { get; init; } = "cli";
}

/// <summary>Where a source's run is, reported as it goes; <see cref="Finished"/> is set once at its end.</summary>
public sealed record CollectionProgress(
    string Source,
    int SeriesDone,
    int SeriesTotal,
    int Written,
    int Revised,
    int SeriesFailed,
    RunRecord? Finished);

/// <summary>The record of each source's run, in the order they ran.</summary>
public sealed record CollectionReport(IReadOnlyList<RunRecord> Runs)
{
    public int Failed => Runs.Count(r => r.Status == RunStatus.Failed);

    public int Written => Runs.Sum(r => r.Written);

    public int Revised => Runs.Sum(r => r.Revised);
}
