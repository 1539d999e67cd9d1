namespace LlmPulse.Metrics;

/// <summary>
/// One reported figure with its provenance. <see cref="Value"/> is a decimal so the precision it was reported
/// with survives storage (1818.68 stays 1818.68, 27.0 stays 27.0).
/// </summary>
public sealed record Observation(
    string SeriesId,
    Period Period,
    Measure Measure,
    decimal Value,
    bool Approximate,
    string ReportedBy,
    string Note,
    DateTimeOffset CollectedAt)
{
    /// <summary>Identity of an observation: one value per series, period and measure.</summary>
    public ObservationKey Key => new(SeriesId, Period, Measure);

    /// <summary>True when the two carry the same figure and provenance, ignoring when they were collected.</summary>
    public bool SameFigureAs(Observation other) =>
        Key == other.Key
        && Value == other.Value
        && Value.Scale == other.Value.Scale
        && Approximate == other.Approximate
        && ReportedBy == other.ReportedBy
        && Note == other.Note;
}

public readonly record struct ObservationKey(string SeriesId, Period Period, Measure Measure);
