using LlmPulse.Briefings;
using LlmPulse.Import;

namespace LlmPulse.Rendering.Tests;

/// <summary>Briefing models built by the real builder from the repository's seed files (no storage involved).</summary>
internal static class SeedBriefings
{
    public static readonly DateTimeOffset GeneratedAt = new(2023, 10, 1, 7, 0, 0, TimeSpan.Zero);

    public static readonly string RepositoryRoot = FindRepositoryRoot();

    private static readonly Lazy<SeedData> Seeds = new(() =>
    {
        var folder = Path.Combine(RepositoryRoot, "seeds");
        return SeedFiles.Parse(
            File.ReadAllText(Path.Combine(folder, SeedFiles.SeriesFile)),
            File.ReadAllText(Path.Combine(folder, SeedFiles.ObservationsFile)),
            [],
            GeneratedAt);
    });

    /// <summary>The briefing of a month as the service builds it: observations ending by the month end.</summary>
    public static Briefing Build(string month) => Build(month, BriefingLanguage.English);

    public static Briefing Build(string month, BriefingLanguage language)
    {
        var m = BriefingMonth.Parse(month);
        return new BriefingBuilder().Build(Data(m), GeneratedAt, language);
    }

    /// <summary>The seeds as the service loads them for a month: observations ending by the month end.</summary>
    public static BriefingData Data(BriefingMonth month) =>
        new(month, Seeds.Value.Series, [.. Seeds.Value.Observations.Where(o => o.Period.End <= month.LastDay)]);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LlmPulse.sln")) && Directory.Exists(Path.Combine(dir.FullName, "seeds")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (LlmPulse.sln) above " + AppContext.BaseDirectory);
    }
}
