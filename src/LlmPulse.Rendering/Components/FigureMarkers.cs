using LlmPulse.Briefings.Localization;

namespace LlmPulse.Rendering.Components;

/// <summary>
/// How a key figure shows where it comes from. The markers are real text, so they survive copy and paste and
/// text extraction, and each tile row that uses one explains it in a note underneath. The words are the
/// edition's (<see cref="BriefingTexts"/>); the dagger is the same in every edition.
/// </summary>
internal static class FigureMarkers
{
    /// <summary>Follows a value LlmPulse calculated rather than a source reported.</summary>
    public const string Derived = "\u2020";

    /// <summary>Precedes a value the source gave as approximate ("approx.").</summary>
    public static string Approximate(BriefingTexts texts) => texts["render.approximate-marker"];

    public static string DerivedLegend(BriefingTexts texts) => texts["render.derived-legend"];

    public static string ApproximateLegend(BriefingTexts texts) => texts["render.approximate-legend"];
}
