using LlmPulse.Briefings.Localization;
using LlmPulse.Metrics;

namespace LlmPulse.Briefings;

public sealed partial class BriefingBuilder
{
    /// <summary>Index series are those of category index measured in points; the others are breadth figures.</summary>
    private const string IndexUnit = "points";

    private static BriefingSection ComposeIndexes(BuildContext context)
    {
        var t = context.T;
        var blocks = new List<BriefingBlock>();
        var indexes = context.InCategory(SeriesCategory.Index).Where(h => !h.IsEmpty && h.Series.Unit == IndexUnit && h.Levels.Count > 0).ToArray();
        var breadth = context.InCategory(SeriesCategory.Index).Where(h => !h.IsEmpty && h.Series.Unit != IndexUnit).ToArray();
        if (indexes.Length == 0 && breadth.Length == 0)
        {
            blocks.Add(new ParagraphBlock(t.Format("indexes.none", ("date", context.MonthEnd))));
        }

        var (full, compact) = SplitSection(context, indexes);
        var grid = ComposeSmallMultiples(context, [.. full, .. compact]);
        if (grid is not null)
        {
            blocks.Add(grid.Value.Block);
        }

        foreach (var history in full)
        {
            blocks.Add(new HeadingBlock(t.SeriesName(history.Series)));
            blocks.AddRange(ComposeIndex(context, history, chart: grid?.SeriesIds.Contains(history.Series.Id) != true));

            // The month's move and a new high of an index shown in full have their own findings (largest move,
            // drawdown from the peak); a reversal, a new low and the year's move do not.
            AddMonthFindings(context, history, t["section.indexes"], plainMove: false, highs: false);
        }

        blocks.AddRange(ComposeCompactTable(context, compact));
        foreach (var history in compact)
        {
            AddMonthFindings(context, history, t["section.indexes"]);
        }

        if (breadth.Length > 0)
        {
            blocks.Add(new HeadingBlock(t["indexes.breadth"]));
            blocks.Add(ComposeBreadthTable(context, breadth));
        }

        return new BriefingSection(t["section.indexes"], blocks);
    }

    private static IEnumerable<BriefingBlock> ComposeIndex(BuildContext context, SeriesHistory history, bool chart = true)
    {
        var (t, f) = (context.T, context.F);
        var series = history.Series;
        var name = t.SeriesName(series);
        var month = context.Month;
        var latest = history.LevelAsOf(month.LastDay)!;
        var latestObservation = history.LevelAt(latest.Period)!;
        context.Cite(history, latestObservation);

        var stale = StalenessNote(context, history);
        if (stale is not null)
        {
            yield return stale;
        }

        var rollup = history.RollupAt(latest.Period);
        AddRollupDerivation(context, history);
        var tiles = new List<KeyFigure>
        {
            new(
                t["tile.month-end"],
                f.Level(latest.Value, series.Unit),
                rollup is null
                    ? t.Format("tile.month-end-detail", ("period", t.Period(latest.Period)), ("source", latestObservation.ReportedBy))
                    : RollupDetail(context, rollup),
                rollup is null ? FigureOrigin.Reported : FigureOrigin.Derived,
                latest.Approximate),
        };

        if (history.ChangeOverMonth(month) is { } overMonth)
        {
            context.Cite(history, overMonth.Start.Period);
            var startLevel = f.LevelValue(overMonth.Start.Value, series.Unit, overMonth.Start.Approximate);
            var detail = overMonth.Start.Period.End == month.Previous.LastDay
                ? t.Format("tile.over-month-against-end", ("level", startLevel), ("month", t.MonthYear(month.Previous)))
                : t.Format("tile.over-month-against-latest", ("level", startLevel), ("period", t.Period(overMonth.Start.Period)), ("month", context.MonthName));
            var change = f.Change(overMonth.Percent, FigureOrigin.Derived);
            tiles.Add(new KeyFigure(t["tile.over-month"], change, detail, FigureOrigin.Derived, overMonth.Start.Approximate || overMonth.End.Approximate));
            context.Derivations.Add(t.Format(
                "derivation.over-month",
                ("series", name),
                ("month", context.MonthName),
                ("change", change),
                ("date", f.Date(month.Previous.LastDay))));

            // Measured from the peak, the month's move is the drawdown, which has its own finding.
            var fromPeak = history.DrawdownFromPeak() is { } peak && peak.Peak.Period == overMonth.Start.Period;
            if (!fromPeak)
            {
                context.Moves.Add(new Move(series.Id, overMonth.Percent, t.Format(
                    "finding.largest-index-move",
                    ("month", context.MonthName),
                    ("series", name),
                    ("direction", t.Moved(overMonth.Percent < 0, series)),
                    ("magnitude", f.DerivedMagnitude(overMonth.Percent)),
                    ("level", f.LevelInSentence(latest.Value, series.Unit, latest.Approximate)),
                    ("derived", f.DerivedInSentence))));
            }
        }

        var from = month.FirstDay.AddMonths(-(ChartMonths - 1));
        if (history.HighLow(from) is { } range)
        {
            tiles.Add(new KeyFigure(t.Format("tile.high", ("months", ChartMonthsText)), f.Level(range.High.Value, series.Unit), t.Period(range.High.Period), FigureOrigin.Reported, range.High.Approximate));
            tiles.Add(new KeyFigure(t.Format("tile.low", ("months", ChartMonthsText)), f.Level(range.Low.Value, series.Unit), t.Period(range.Low.Period), FigureOrigin.Reported, range.Low.Approximate));
        }

        if (history.DrawdownFromPeak() is { } drawdown)
        {
            var peakObservation = history.LevelAt(drawdown.Peak.Period)!;
            context.Cite(history, peakObservation);
            tiles.Add(new KeyFigure(
                t["tile.drawdown"],
                drawdown.AtPeak ? t["tile.at-peak"] : f.Change(drawdown.Percent, FigureOrigin.Derived),
                t.Format("tile.peak-detail", ("level", f.LevelValue(drawdown.Peak.Value, series.Unit, drawdown.Peak.Approximate)), ("at", t.At(drawdown.Peak.Period))),
                FigureOrigin.Derived,
                drawdown.Latest.Approximate || drawdown.Peak.Approximate));
            AddDrawdownFinding(context, history, drawdown);
        }

        yield return new FigureRowBlock(tiles);
        if (chart)
        {
            yield return ComposeSeriesChart(context, history, latest.Period);
        }

        var table = history.IsRolledUp ? null : ComposeSeriesTable(context, history);
        if (table is not null)
        {
            yield return table;
        }
    }

    private static void AddDrawdownFinding(BuildContext context, SeriesHistory history, Drawdown drawdown)
    {
        var (t, f) = (context.T, context.F);
        var series = history.Series;
        var name = t.SeriesName(series);
        var latestInMonth = context.InMonth(drawdown.Latest.Period);
        if (drawdown.AtPeak)
        {
            // A peak is news when it was set this month; an old peak with no new level is only a note.
            var peakLevel = f.LevelInSentence(drawdown.Peak.Value, series.Unit, drawdown.Peak.Approximate);
            var text = latestInMonth
                ? t.Format("finding.new-high", ("series", name), ("reached", t.Verb(SeriesVerb.Reached, series)), ("level", peakLevel), ("at", t.At(drawdown.Peak.Period)))
                : t.Format("finding.old-peak", ("series", name), ("stood", t.Verb(SeriesVerb.LastStoodAt, series)), ("level", peakLevel), ("period", t.Period(drawdown.Peak.Period)), ("month", context.MonthName));
            context.Findings.Add(new FindingCandidate(latestInMonth ? 90 : 50 + context.Freshness(drawdown.Peak.Period), series.Id, text));
            return;
        }

        if (drawdown.Percent > -5m)
        {
            return;
        }

        context.Derivations.Add(t.Format("derivation.drawdown", ("series", name), ("change", f.Change(drawdown.Percent, FigureOrigin.Derived))));
        context.Findings.Add(new FindingCandidate(
            80 + context.Freshness(drawdown.Latest.Period) + (int)Math.Min(-drawdown.Percent / 2, 10m),
            series.Id,
            t.Format(
                "finding.drawdown",
                ("series", name),
                ("stood", t.Verb(SeriesVerb.StoodAt, series)),
                ("level", f.LevelInSentence(drawdown.Latest.Value, series.Unit, drawdown.Latest.Approximate)),
                ("at", t.At(drawdown.Latest.Period)),
                ("magnitude", f.DerivedMagnitude(drawdown.Percent)),
                ("peak", f.LevelInSentence(drawdown.Peak.Value, series.Unit, drawdown.Peak.Approximate)),
                ("atPeak", t.At(drawdown.Peak.Period)),
                ("derived", f.DerivedInSentence))));
    }

    private static TableBlock ComposeBreadthTable(BuildContext context, IReadOnlyList<SeriesHistory> breadth)
    {
        var (t, f) = (context.T, context.F);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var history in breadth)
        {
            var latest = history.All[^1];
            context.Cite(history, latest);
            var value = latest.Measure == Measure.Level
                ? f.Level(latest.Value, history.Series.Unit, latest.Approximate)
                : f.Change(latest.Value, FigureOrigin.Reported, latest.Approximate);
            rows.Add([t.SeriesName(history.Series), value, t.Period(latest.Period), latest.ReportedBy, t.Note(latest.Note)]);
        }

        return new TableBlock(
            [t["table.figure"], t["table.value"], t["table.as-of"], t["table.reported-by"], t["table.note"]],
            rows,
            t["breadth.caption"]);
    }
}
