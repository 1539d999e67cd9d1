using LlmPulse.Briefings.Localization;
using LlmPulse.Metrics;

namespace LlmPulse.Briefings;

public sealed partial class BriefingBuilder
{
    private static BriefingSection ComposeSourcesAndMethodology(BuildContext context)
    {
        var (t, f) = (context.T, context.F);
        var methodology = new List<string>
        {
            t.Format("methodology.as-of", ("date", context.MonthEnd), ("month", context.MonthName)),
            t["methodology.reported"],
            t.Format("methodology.derived", ("derived", f.DerivedMark)),
            t.Format("methodology.approximate", ("approximate", FigureFormatter.ApproximateMark)),
            t["methodology.streak"],
        };

        // Said only when a section shows a month made from days.
        if (context.Histories.Any(h => h.IsRolledUp && h.Series.Category is SeriesCategory.Traffic or SeriesCategory.Index && h.LatestLevel is { } level && h.RollupAt(level.Period) is not null))
        {
            methodology.Add(t["methodology.rollup"]);
        }

        var blocks = new List<BriefingBlock>
        {
            new HeadingBlock(t["sources.heading"]),
            new BulletListBlock(SourceLines(context)),
            new HeadingBlock(t["methodology.heading"]),
            new BulletListBlock(methodology),
        };

        var derivations = context.Derivations.Distinct().ToArray();
        if (derivations.Length > 0)
        {
            blocks.Add(new HeadingBlock(t["derived.heading"]));
            blocks.Add(new BulletListBlock(derivations));
        }

        var approximations = context.Cited
            .Where(c => c.Observation.Approximate)
            .Select(c => t.Format(
                    "approximate.item",
                    ("series", t.SeriesName(c.Series)),
                    ("period", t.Period(c.Observation.Period)),
                    ("level", f.Level(c.Observation.Value, c.Series.Unit, true)))
                + (c.Observation.Note.Length > 0 ? t.Format("approximate.note", ("note", t.Note(c.Observation.Note))) : ""))
            .Distinct()
            .ToArray();
        if (approximations.Length > 0)
        {
            blocks.Add(new HeadingBlock(t["approximate.heading"]));
            blocks.Add(new BulletListBlock(approximations));
        }

        blocks.Add(new HeadingBlock(t["gaps.heading"]));
        var gaps = context.Histories
            .Where(h => !context.HasExpectedData(h))
            .OrderBy(h => h.Series.Category)
            .ThenBy(h => h.Series.Frequency == Frequency.Irregular)
            .ThenBy(h => h.Series.Name, StringComparer.Ordinal)
            .Select(h => (h.LatestPeriod is { } latest
                ? t.Format("gaps.latest", ("series", t.SeriesName(h.Series)), ("month", context.MonthName), ("period", t.Period(latest)))
                : t.Format("gaps.none-yet", ("series", t.SeriesName(h.Series))))
                + (h.Series.Frequency == Frequency.Irregular ? t["gaps.irregular"] : t["gaps.end"]))
            .ToArray();
        blocks.Add(gaps.Length == 0
            ? new ParagraphBlock(t.Format("gaps.all-covered", ("month", context.MonthName)))
            : new BulletListBlock(gaps));

        if (gaps.Length > 0)
        {
            context.Findings.Add(new FindingCandidate(20, null, context.CoverageSentence()));
        }

        return new BriefingSection(t["section.sources"], blocks);
    }

    /// <summary>One line per reporting body, naming the series it informed and where LlmPulse took it from.</summary>
    private static IReadOnlyList<string> SourceLines(BuildContext context)
    {
        var t = context.T;
        var lines = context.Cited
            .GroupBy(c => c.Observation.ReportedBy, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var series = g.Select(c => c.Series).Distinct().ToArray();
                var via = series.Select(s => s.Source).Where(s => s != g.Key).Distinct().ToArray();
                // A source of hundreds of series names a few and counts the rest, so the page count stays bounded.
                const int named = 8;
                var names = string.Join(t.Semicolon, series.Take(named).Select(t.SeriesName))
                    + (series.Length > named ? t.AndMore(series.Length - named, CountedNoun.Series) : "");
                var collectedAt = g.Max(c => c.Observation.CollectedAt);
                return t.Format("sources.line", ("source", g.Key), ("series", names))
                    + (via.Length > 0 ? t.Format("sources.via", ("via", string.Join(t.Comma, via))) : "")
                    + t.Format("sources.collected", ("date", context.F.Date(DateOnly.FromDateTime(collectedAt.UtcDateTime))));
            })
            .ToArray();
        return lines.Length > 0 ? lines : [t["sources.none"]];
    }
}
