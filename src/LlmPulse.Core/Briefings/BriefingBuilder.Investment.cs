using LlmPulse.Metrics;

namespace LlmPulse.Briefings;

public sealed partial class BriefingBuilder
{
    private static BriefingSection ComposeInvestment(BuildContext context)
    {
        var t = context.T;
        var blocks = new List<BriefingBlock>();
        var histories = context.InCategory(SeriesCategory.Investment).Where(h => !h.IsEmpty).ToArray();
        if (histories.Length == 0)
        {
            blocks.Add(new ParagraphBlock(t.Format("investment.none", ("date", context.MonthEnd))));
        }

        foreach (var history in histories)
        {
            blocks.Add(new HeadingBlock(t.SeriesName(history.Series)));
            var latest = history.LatestPeriod!.Value;
            if (history.LevelAt(latest) is null)
            {
                blocks.Add(new ParagraphBlock(
                    t.Format("investment.change-only", ("period", t.Period(latest)), ("previous", t.Previous(latest.Kind))),
                    TextTone.Note));
            }

            blocks.AddRange(ComposeSeriesOverview(context, history));
            AddInvestmentFinding(context, history);
        }

        return new BriefingSection(t["section.investment"], blocks);
    }

    private static void AddInvestmentFinding(BuildContext context, SeriesHistory history)
    {
        if (history.LatestChange is not { } change)
        {
            return;
        }

        var t = context.T;
        context.Findings.Add(new FindingCandidate(
            80 + context.Freshness(change.Period),
            history.Series.Id,
            t.Format(
                "finding.investment",
                ("series", t.SeriesName(history.Series)),
                ("direction", t.Moved(change.IsDecline, history.Series)),
                ("magnitude", context.F.ChangeMagnitude(change.Percent, change.Origin)),
                ("overPrevious", t.OverPrevious(change.Period.Kind)),
                ("period", t.Period(change.Period)),
                ("origin", OriginSuffix(context, change)),
                ("source", SourceSuffix(context, change)))));
    }
}
