using LlmPulse.Metrics;

namespace LlmPulse.Briefings;

/// <summary>
/// The stored data a briefing is built from, as of the month end: every series; the observations of non-daily
/// series; for daily series only the days of the briefing's month, with <see cref="Rollups"/> holding their earlier
/// months. A daily series without stored roll-ups is rolled up from whatever days are given (tests, generated data).
/// </summary>
public sealed record BriefingData(
    BriefingMonth Month,
    IReadOnlyList<Series> Series,
    IReadOnlyList<Observation> Observations,
    IReadOnlyList<MonthlyRollup>? Rollups = null);
