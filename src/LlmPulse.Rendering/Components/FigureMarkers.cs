namespace LlmPulse.Rendering.Components;

/// <summary>
/// How a key figure shows where it comes from. The markers are real text, so they survive copy and paste and
/// text extraction, and each tile row that uses one explains it in a note underneath.
/// </summary>
internal static class FigureMarkers
{
    /// <summary>Follows a value LlmPulse calculated rather than a source reported.</summary>
    public const string Derived = "\u2020";

    /// <summary>Precedes a value the source gave as approximate.</summary>
    public const string Approximate = "approx.";

    public const string DerivedLegend = "\u2020 Derived: calculated by LlmPulse from reported figures.";

    public const string ApproximateLegend = "approx. = approximate: the source gives a rounded or estimated figure.";
}
