namespace LlmPulse.Briefings;

public sealed partial class BriefingBuilder
{
    private static BriefingSection ComposeSourcesAndMethodology(BuildContext context)
    {
        var month = context.Month;
        var blocks = new List<BriefingBlock>
        {
            new HeadingBlock("Sources"),
            new BulletListBlock(SourceLines(context)),
            new HeadingBlock("Methodology"),
            new BulletListBlock(
            [
                $"Only figures for periods ending on or before {FigureFormat.Date(month.LastDay)} are used: a briefing never shows later data. Each section shows the latest figure available by then and says so when it is older than {month.DisplayName}.",
                "Reported figures keep the precision their source gave. A reported figure always wins over one LlmPulse could derive.",
                $"Figures marked {FigureFormat.DerivedMark} are computed by LlmPulse from reported figures and rounded to one decimal: a change against the previous period from two consecutive levels, an index's change over the month from its month-end level against the latest level at or before the previous month end, and a drawdown from the highest level to date.",
                $"Figures marked {FigureFormat.ApproximateMark} are given by their source as approximate (\"about\", \"at least\", \"over\", \"under\").",
                "A streak counts consecutive periods moving the same way; a missing period ends it.",
            ]),
        };

        var derivations = context.Derivations.Distinct().ToArray();
        if (derivations.Length > 0)
        {
            blocks.Add(new HeadingBlock("Derived figures in this briefing"));
            blocks.Add(new BulletListBlock(derivations));
        }

        var approximations = context.Cited
            .Where(c => c.Observation.Approximate)
            .Select(c => $"{c.Series.Name}, {c.Observation.Period.DisplayName}: {FigureFormat.Level(c.Observation.Value, c.Series.Unit, true)}" + (c.Observation.Note.Length > 0 ? $" ({c.Observation.Note})" : ""))
            .Distinct()
            .ToArray();
        if (approximations.Length > 0)
        {
            blocks.Add(new HeadingBlock("Approximate figures in this briefing"));
            blocks.Add(new BulletListBlock(approximations));
        }

        blocks.Add(new HeadingBlock("Gaps"));
        var gaps = context.Histories
            .Where(h => !context.HasExpectedData(h))
            .OrderBy(h => h.Series.Category)
            .ThenBy(h => h.Series.Frequency == Metrics.Frequency.Irregular)
            .ThenBy(h => h.Series.Name, StringComparer.Ordinal)
            .Select(h => (h.LatestPeriod is { } latest
                ? $"{h.Series.Name}: no figure for {month.DisplayName}; latest is {latest.DisplayName}"
                : $"{h.Series.Name}: no figure yet")
                + (h.Series.Frequency == Metrics.Frequency.Irregular ? " (reported irregularly)." : "."))
            .ToArray();
        blocks.Add(gaps.Length == 0
            ? new ParagraphBlock($"Every tracked series has a figure for {month.DisplayName} or its latest complete period.")
            : new BulletListBlock(gaps));

        if (gaps.Length > 0)
        {
            context.Findings.Add(new FindingCandidate(20, null, context.CoverageSentence()));
        }

        return new BriefingSection("Sources and methodology", blocks);
    }

    /// <summary>One line per reporting body, naming the series it informed and where LlmPulse took it from.</summary>
    private static IReadOnlyList<string> SourceLines(BuildContext context)
    {
        var lines = context.Cited
            .GroupBy(c => c.Observation.ReportedBy, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var series = g.Select(c => c.Series).Distinct().ToArray();
                var via = series.Select(s => s.Source).Where(s => s != g.Key).Distinct().ToArray();
                var names = string.Join("; ", series.Select(s => s.Name));
                var collectedAt = g.Max(c => c.Observation.CollectedAt);
                return $"{g.Key}: {names}" + (via.Length > 0 ? $" (as published by {string.Join(", ", via)})" : "") + $". Collected {FigureFormat.Date(DateOnly.FromDateTime(collectedAt.UtcDateTime))}.";
            })
            .ToArray();
        return lines.Length > 0 ? lines : ["No figures were used."];
    }
}
