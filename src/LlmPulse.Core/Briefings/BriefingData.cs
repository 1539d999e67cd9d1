using LlmPulse.Metrics;

namespace LlmPulse.Briefings;

/// <summary>The stored data a briefing is built from: every series and their observations as of the month end.</summary>
public sealed record BriefingData(BriefingMonth Month, IReadOnlyList<Series> Series, IReadOnlyList<Observation> Observations);
