using System.Globalization;
using LlmPulse.Briefings.Localization;
using LlmPulse.Metrics;

namespace LlmPulse.Briefings;

public sealed partial class BriefingBuilder
{
    private static readonly (SeriesCategory Category, string HeadingKey)[] SignalGroups =
    [
        (SeriesCategory.Launches, "signals.launches"),
        (SeriesCategory.Company, "signals.company"),
        (SeriesCategory.Market, "signals.market"),
    ];

    private static BriefingSection ComposeSignals(BuildContext context)
    {
        var t = context.T;
        var blocks = new List<BriefingBlock>();
        var total = 0;
        foreach (var (category, headingKey) in SignalGroups)
        {
            var rows = new List<IReadOnlyList<string>>();
            foreach (var history in context.InCategory(category))
            {
                var inMonth = history.All.Where(o => context.InMonth(o.Period));

                // A daily series (a collected share price) is one signal per month: its last day's figure of each kind.
                if (history.IsRolledUp)
                {
                    inMonth = history.Days.GroupBy(o => o.Measure).Select(g => g.MaxBy(o => o.Period)!).OrderBy(o => o.Period);
                }

                foreach (var observation in inMonth)
                {
                    context.Cite(history, observation);
                    rows.Add([t.SeriesName(history.Series), t.Period(observation.Period), SignalValue(context, history.Series, observation), observation.ReportedBy, t.Note(observation.Note)]);
                }
            }

            if (rows.Count == 0)
            {
                continue;
            }

            total += rows.Count;
            blocks.Add(new HeadingBlock(t[headingKey]));
            blocks.Add(new TableBlock([t["table.signal"], t["table.period"], t["table.figure"], t["table.reported-by"], t["table.note"]], rows));
        }

        if (total == 0)
        {
            blocks.Add(new ParagraphBlock(t.Format("signals.none", ("month", context.MonthName))));
        }
        else
        {
            blocks.Insert(0, new ParagraphBlock(t.Format(
                total == 1 ? "signals.count.one" : "signals.count.other",
                ("total", total.ToString(CultureInfo.InvariantCulture)),
                ("figures", t.Count(total, CountedNoun.Figure)),
                ("month", context.MonthName))));
        }

        return new BriefingSection(t["section.signals"], blocks);
    }

    private static string SignalValue(BuildContext context, Series series, Observation observation)
    {
        var (t, f) = (context.T, context.F);
        return observation.Measure switch
        {
            Measure.Level => f.Level(observation.Value, series.Unit, observation.Approximate),
            Measure.ChangePct => t.Format("signal.vs-previous", ("change", f.Change(observation.Value, FigureOrigin.Reported, observation.Approximate)), ("previous", t.Previous(observation.Period.Kind))),
            _ => t.Format("signal.yoy", ("change", f.Change(observation.Value, FigureOrigin.Reported, observation.Approximate))),
        };
    }
}
