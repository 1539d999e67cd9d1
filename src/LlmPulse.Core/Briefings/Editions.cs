namespace LlmPulse.Briefings;

/// <summary>The editions a briefing can be rendered in, by language code as blob names and URLs spell them.</summary>
public static class Editions
{
    public const string English = "en";

    /// <summary>Codes the builder and renderer can produce: one per <see cref="BriefingLanguage"/>.</summary>
    public static readonly IReadOnlyList<string> Available = BriefingLanguages.All.Select(l => l.Code()).ToArray();

    /// <summary>Exactly one of <see cref="Available"/>: lower case, no spaces, so one edition has one blob name.</summary>
    public static bool IsAvailable(string? code) => code is not null && Available.Contains(code, StringComparer.Ordinal);

    public static BriefingLanguage Language(string code) =>
        IsAvailable(code) ? BriefingLanguages.Parse(code) : throw new FormatException($"'{code}' is not an edition LlmPulse renders: expected one of {Describe()}.");

    public static string Describe() => string.Join(", ", Available);
}
