using LlmPulse.Briefings.Localization;
using LlmPulse.Metrics;

namespace LlmPulse.Briefings;

public sealed partial class BriefingBuilder
{
    /// <summary>
    /// Names, on the sources page, the expected series whose figure for the month was not in yet when this version
    /// was rendered (at its deadline): a reader sees what the briefing is missing, and that a revision may follow.
    /// </summary>
    public static Briefing WithMissingSeries(Briefing model, IReadOnlyList<string> missingSeriesIds, IReadOnlyList<Series> series)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (missingSeriesIds.Count == 0)
        {
            return model;
        }

        var t = BriefingTexts.For(model.Language);
        var names = series.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var items = missingSeriesIds
            .Select(id => t.Format(
                "readiness.item",
                ("series", names.TryGetValue(id, out var s) ? t.SeriesName(s) : id),
                ("month", t.MonthYear(model.Month))))
            .ToArray();
        var title = t["section.sources"];
        var sections = model.Sections
            .Select(section => section.Title == title
                ? section with { Blocks = [.. section.Blocks, new HeadingBlock(t["readiness.heading"]), new BulletListBlock(items)] }
                : section)
            .ToArray();
        return model with { Sections = sections };
    }
}
