namespace LlmPulse.Briefings;

/// <summary>The editions (languages) a briefing can be rendered in, by code.</summary>
public static class Editions
{
    public const string English = "en";

    /// <summary>Codes the builder and renderer can produce today.</summary>
    public static readonly IReadOnlyList<string> Available = [English];

    public static bool IsAvailable(string? code) => code is not null && Available.Contains(code, StringComparer.Ordinal);

    public static string Describe() => string.Join(", ", Available);
}
