namespace LlmPulse.Briefings;

/// <summary>The language of a briefing edition. Every edition is built from the same data and shows the same figures.</summary>
/// <remarks>Kept in the Briefings namespace: it is part of the model (<see cref="Briefing.Language"/>).</remarks>
public enum BriefingLanguage
{
    English,
    Arabic,
}

public static class BriefingLanguages
{
    /// <summary>Every edition, English first.</summary>
    public static IReadOnlyList<BriefingLanguage> All { get; } = [BriefingLanguage.English, BriefingLanguage.Arabic];

    /// <summary>The ISO 639-1 code: "en", "ar". Used in blob names ("2023-09.ar.pdf") and query strings (?lang=ar).</summary>
    public static string Code(this BriefingLanguage language) => language switch
    {
        BriefingLanguage.English => "en",
        BriefingLanguage.Arabic => "ar",
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, null),
    };

    /// <summary>True for languages written right to left: the page is mirrored.</summary>
    public static bool IsRightToLeft(this BriefingLanguage language) => language == BriefingLanguage.Arabic;

    /// <summary>Parses "en" or "ar" (case-insensitive, surrounding spaces ignored).</summary>
    public static bool TryParse(string? code, out BriefingLanguage language)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(code?.Trim(), candidate.Code(), StringComparison.OrdinalIgnoreCase))
            {
                language = candidate;
                return true;
            }
        }

        language = BriefingLanguage.English;
        return false;
    }

    public static BriefingLanguage Parse(string code) =>
        TryParse(code, out var language)
            ? language
            : throw new FormatException($"'{code}' is not a briefing language: expected one of {string.Join(", ", All.Select(l => l.Code()))}.");
}
