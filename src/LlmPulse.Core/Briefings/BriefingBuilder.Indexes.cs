using LlmPulse.Metrics;

namespace LlmPulse.Briefings;

public sealed partial class BriefingBuilder
{
    /// <summary>Index series are those of category index measured in points; the others are breadth figures.</summary>
    private const string IndexUnit = "points";

    private static BriefingSection ComposeIndexes(BuildContext context)
    {
        var blocks = new List<BriefingBlock>();
        var indexes = context.InCategory(SeriesCategory.Index).Where(h => !h.IsEmpty && h.Series.Unit == IndexUnit && h.Levels.Count > 0).ToArray();
        var breadth = context.InCategory(SeriesCategory.Index).Where(h => !h.IsEmpty && h.Series.Unit != IndexUnit).ToArray();
        if (indexes.Length == 0 && breadth.Length == 0)
        {
            blocks.Add(new ParagraphBlock($"No index levels are stored as of {FigureFormat.Date(context.Month.LastDay)}."));
        }

        foreach (var history in indexes)
        {
            blocks.Add(new HeadingBlock(history.Series.Name));
            blocks.AddRange(ComposeIndex(context, history));
        }

        if (breadth.Length > 0)
        {
            blocks.Add(new HeadingBlock("Breadth"));
            blocks.Add(ComposeBreadthTable(context, breadth));
        }

        return new BriefingSection("Index moves", blocks);
    }

    private static IEnumerable<BriefingBlock> ComposeIndex(BuildContext context, SeriesHistory history)
    {
        var series = history.Series;
        var month = context.Month;
        var latest = history.LevelAsOf(month.LastDay)!;
        var latestObservation = history.LevelAt(latest.Period)!;
        context.Cite(history, latestObservation);

        var stale = StalenessNote(context, history);
        if (stale is not null)
        {
            yield return stale;
        }

        var tiles = new List<KeyFigure>
        {
            new("Month-end level", FigureFormat.Level(latest.Value, series.Unit), $"{latest.Period.DisplayName}, reported by {latestObservation.ReportedBy}", FigureOrigin.Reported, latest.Approximate),
        };

        if (history.ChangeOverMonth(month) is { } overMonth)
        {
            context.Cite(history, overMonth.Start.Period);
            var detail = overMonth.Start.Period.End == month.Previous.LastDay
                ? $"Against {FigureFormat.LevelValue(overMonth.Start.Value, series.Unit, overMonth.Start.Approximate)} at the end of {month.Previous.DisplayName}"
                : $"Against {FigureFormat.LevelValue(overMonth.Start.Value, series.Unit, overMonth.Start.Approximate)} ({overMonth.Start.Period.DisplayName}), the latest level before {month.DisplayName}";
            tiles.Add(new KeyFigure("Change over the month", FigureFormat.Change(overMonth.Percent, FigureOrigin.Derived), detail, FigureOrigin.Derived, overMonth.Start.Approximate || overMonth.End.Approximate));
            context.Derivations.Add($"{series.Name}, change over {month.DisplayName}: {FigureFormat.Change(overMonth.Percent, FigureOrigin.Derived)}, the month-end level against the latest level at or before {FigureFormat.Date(month.Previous.LastDay)}.");
            // Measured from the peak, the month's move is the drawdown, which has its own finding.
            var fromPeak = history.DrawdownFromPeak() is { } peak && peak.Peak.Period == overMonth.Start.Period;
            if (!fromPeak)
            {
                context.Moves.Add(new Move(series.Id, overMonth.Percent, $"The largest move of {month.DisplayName}: {series.Name} {(overMonth.Percent < 0 ? "fell" : "rose")} {FigureFormat.DerivedMagnitude(overMonth.Percent)} over the month to {FigureFormat.LevelInSentence(latest.Value, series.Unit, latest.Approximate)} {FigureFormat.DerivedMark}."));
            }
        }

        var from = month.FirstDay.AddMonths(-(ChartMonths - 1));
        if (history.HighLow(from) is { } range)
        {
            tiles.Add(new KeyFigure($"High, last {ChartMonths} months", FigureFormat.Level(range.High.Value, series.Unit), range.High.Period.DisplayName, FigureOrigin.Reported, range.High.Approximate));
            tiles.Add(new KeyFigure($"Low, last {ChartMonths} months", FigureFormat.Level(range.Low.Value, series.Unit), range.Low.Period.DisplayName, FigureOrigin.Reported, range.Low.Approximate));
        }

        if (history.DrawdownFromPeak() is { } drawdown)
        {
            var peakObservation = history.LevelAt(drawdown.Peak.Period)!;
            context.Cite(history, peakObservation);
            tiles.Add(new KeyFigure(
                "Drawdown from peak",
                drawdown.AtPeak ? "At peak" : FigureFormat.Change(drawdown.Percent, FigureOrigin.Derived),
                $"Peak {FigureFormat.LevelValue(drawdown.Peak.Value, series.Unit, drawdown.Peak.Approximate)} {At(drawdown.Peak.Period)}",
                FigureOrigin.Derived,
                drawdown.Latest.Approximate || drawdown.Peak.Approximate));
            AddDrawdownFinding(context, history, drawdown);
        }

        yield return new FigureRowBlock(tiles);
        yield return ComposeSeriesChart(context, history, latest.Period);
        var table = ComposeSeriesTable(context, history);
        if (table is not null)
        {
            yield return table;
        }
    }

    private static void AddDrawdownFinding(BuildContext context, SeriesHistory history, Drawdown drawdown)
    {
        var series = history.Series;
        var latestInMonth = context.InMonth(drawdown.Latest.Period);
        if (drawdown.AtPeak)
        {
            // A peak is news when it was set this month; an old peak with no new level is only a note.
            var text = latestInMonth
                ? $"{series.Name} reached a new high of {FigureFormat.LevelInSentence(drawdown.Peak.Value, series.Unit, drawdown.Peak.Approximate)} {At(drawdown.Peak.Period)}."
                : $"{series.Name} last stood at its peak of {FigureFormat.LevelInSentence(drawdown.Peak.Value, series.Unit, drawdown.Peak.Approximate)} ({drawdown.Peak.Period.DisplayName}); no level was reported in {context.Month.DisplayName}.";
            context.Findings.Add(new FindingCandidate(latestInMonth ? 90 : 50 + context.Freshness(drawdown.Peak.Period), series.Id, text));
            return;
        }

        if (drawdown.Percent > -5m)
        {
            return;
        }

        context.Derivations.Add($"{series.Name}: drawdown of {FigureFormat.Change(drawdown.Percent, FigureOrigin.Derived)}, the latest level against the highest level to date.");
        context.Findings.Add(new FindingCandidate(
            80 + context.Freshness(drawdown.Latest.Period) + (int)Math.Min(-drawdown.Percent / 2, 10m),
            series.Id,
            $"{series.Name} stood at {FigureFormat.LevelInSentence(drawdown.Latest.Value, series.Unit, drawdown.Latest.Approximate)} {At(drawdown.Latest.Period)}, {FigureFormat.DerivedMagnitude(drawdown.Percent)} below its peak of {FigureFormat.LevelInSentence(drawdown.Peak.Value, series.Unit, drawdown.Peak.Approximate)} {At(drawdown.Peak.Period)} {FigureFormat.DerivedMark}."));
    }

    private static TableBlock ComposeBreadthTable(BuildContext context, IReadOnlyList<SeriesHistory> breadth)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var history in breadth)
        {
            var latest = history.All[^1];
            context.Cite(history, latest);
            var value = latest.Measure == Measure.Level
                ? FigureFormat.Level(latest.Value, history.Series.Unit, latest.Approximate)
                : FigureFormat.Change(latest.Value, FigureOrigin.Reported, latest.Approximate);
            rows.Add([history.Series.Name, value, latest.Period.DisplayName, latest.ReportedBy, latest.Note]);
        }

        return new TableBlock(["Figure", "Value", "As of", "Reported by", "Note"], rows, "Latest breadth figures as of the month end.");
    }
}
