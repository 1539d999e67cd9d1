using LlmPulse.Metrics;

namespace LlmPulse.Briefings;

public sealed partial class BriefingBuilder
{
    private static readonly (SeriesCategory Category, string Heading)[] SignalGroups =
    [
        (SeriesCategory.Launches, "Model launches"),
        (SeriesCategory.Company, "Company figures"),
        (SeriesCategory.Market, "Market and costs"),
    ];

    private static BriefingSection ComposeSignals(BuildContext context)
    {
        var blocks = new List<BriefingBlock>();
        var total = 0;
        foreach (var (category, heading) in SignalGroups)
        {
            var rows = new List<IReadOnlyList<string>>();
            foreach (var history in context.InCategory(category))
            {
                foreach (var observation in history.All.Where(o => context.InMonth(o.Period)))
                {
                    context.Cite(history, observation);
                    rows.Add([history.Series.Name, observation.Period.DisplayName, SignalValue(history.Series, observation), observation.ReportedBy, observation.Note]);
                }
            }

            if (rows.Count == 0)
            {
                continue;
            }

            total += rows.Count;
            blocks.Add(new HeadingBlock(heading));
            blocks.Add(new TableBlock(["Signal", "Period", "Figure", "Reported by", "Note"], rows));
        }

        if (total == 0)
        {
            blocks.Add(new ParagraphBlock($"No launch, company or market figures were reported for periods ending in {context.Month.DisplayName}."));
        }
        else
        {
            blocks.Insert(0, new ParagraphBlock($"{total} launch, company and market {(total == 1 ? "figure was" : "figures were")} reported for periods ending in {context.Month.DisplayName}."));
        }

        return new BriefingSection("Other signals in the month", blocks);
    }

    private static string SignalValue(Series series, Observation observation) => observation.Measure switch
    {
        Measure.Level => FigureFormat.Level(observation.Value, series.Unit, observation.Approximate),
        Measure.ChangePct => FigureFormat.Change(observation.Value, FigureOrigin.Reported, observation.Approximate) + $" vs {PreviousWord(observation.Period.Kind)}",
        _ => FigureFormat.Change(observation.Value, FigureOrigin.Reported, observation.Approximate) + " year over year",
    };
}
