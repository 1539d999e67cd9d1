using LlmPulse.Metrics;

namespace LlmPulse.Briefings;

public sealed partial class BriefingBuilder
{
    private static BriefingSection ComposeInvestment(BuildContext context)
    {
        var blocks = new List<BriefingBlock>();
        var histories = context.InCategory(SeriesCategory.Investment).Where(h => !h.IsEmpty).ToArray();
        if (histories.Length == 0)
        {
            blocks.Add(new ParagraphBlock($"No investment totals are stored as of {FigureFormat.Date(context.Month.LastDay)}."));
        }

        foreach (var history in histories)
        {
            blocks.Add(new HeadingBlock(history.Series.Name));
            var latest = history.LatestPeriod!.Value;
            if (history.LevelAt(latest) is null)
            {
                blocks.Add(new ParagraphBlock(
                    $"No total is stored for {latest.DisplayName}; its source reported only the change against the {PreviousWord(latest.Kind)}.",
                    TextTone.Note));
            }

            blocks.AddRange(ComposeSeriesOverview(context, history));
            AddInvestmentFinding(context, history);
        }

        return new BriefingSection("Investment totals", blocks);
    }

    private static void AddInvestmentFinding(BuildContext context, SeriesHistory history)
    {
        if (history.LatestChange is not { } change)
        {
            return;
        }

        var word = PeriodWord(change.Period.Kind, false);
        context.Findings.Add(new FindingCandidate(
            80 + context.Freshness(change.Period),
            history.Series.Id,
            $"{history.Series.Name} {(change.IsDecline ? "fell" : "rose")} {FigureFormat.ChangeMagnitude(change.Percent, change.Origin)} {word} over {word} in {change.Period.DisplayName}{OriginSuffix(change)}.{SourceSuffix(change)}"));
    }
}
