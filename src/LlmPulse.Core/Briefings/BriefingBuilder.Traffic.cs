using System.Globalization;
using LlmPulse.Briefings.Localization;
using LlmPulse.Metrics;

namespace LlmPulse.Briefings;

public sealed partial class BriefingBuilder
{
    private const int ChartMonths = 12;

    /// <summary>Comparable series a section needs before they are drawn as small multiples rather than one by one.</summary>
    private const int MinSmallMultiples = 3;

    /// <summary>Panels in a grid: two rows of three fit one page with room to spare.</summary>
    private const int MaxSmallMultiples = 6;

    private static string ChartMonthsText => ChartMonths.ToString(CultureInfo.InvariantCulture);

    private static BriefingSection ComposeTraffic(BuildContext context)
    {
        var t = context.T;
        var blocks = new List<BriefingBlock>();
        var histories = context.InCategory(SeriesCategory.Traffic).Where(h => !h.IsEmpty).ToArray();
        if (histories.Length == 0)
        {
            blocks.Add(new ParagraphBlock(t.Format("traffic.none", ("date", context.MonthEnd))));
        }

        var (full, compact) = SplitSection(context, histories);
        var grid = ComposeSmallMultiples(context, [.. full, .. compact]);
        if (grid is not null)
        {
            blocks.Add(grid.Value.Block);
        }

        foreach (var history in full)
        {
            blocks.Add(new HeadingBlock(t.SeriesName(history.Series)));
            blocks.AddRange(ComposeSeriesOverview(context, history, chart: grid?.SeriesIds.Contains(history.Series.Id) != true));
        }

        blocks.AddRange(ComposeCompactTable(context, compact));
        foreach (var history in histories)
        {
            AddStreakFinding(context, history);
            if (context.MoveOf(history) is null)
            {
                AddLevelMoveFinding(context, history);
            }
            else
            {
                AddMonthFindings(context, history, t["section.traffic"]);
            }
        }

        return new BriefingSection(t["section.traffic"], blocks);
    }

    /// <summary>Tiles, a chart and a table for one regular or irregular series: shared by traffic and investment.</summary>
    /// <param name="chart">False when the series is a panel of the section's small multiples: its own chart would repeat it.</param>
    private static IEnumerable<BriefingBlock> ComposeSeriesOverview(BuildContext context, SeriesHistory history, bool chart = true)
    {
        var (t, f) = (context.T, context.F);
        var series = history.Series;
        var name = t.SeriesName(series);
        var latestPeriod = history.LatestPeriod!.Value;
        var stale = StalenessNote(context, history);
        if (stale is not null)
        {
            yield return stale;
        }

        var tiles = new List<KeyFigure>();
        if (history.LatestLevel is { } level)
        {
            var observation = history.LevelAt(level.Period)!;
            context.Cite(history, observation);
            var rollup = history.RollupAt(level.Period);
            tiles.Add(new KeyFigure(
                t.Format("tile.level", ("period", t.Period(level.Period))),
                f.Level(level.Value, series.Unit),
                rollup is null ? t.Format("tile.reported-by", ("source", observation.ReportedBy)) : RollupDetail(context, rollup),
                rollup is null ? FigureOrigin.Reported : FigureOrigin.Derived,
                level.Approximate));
            AddRollupDerivation(context, history);
        }

        if (context.MoveOf(history) is { } move && (history.IsRolledUp || !series.PercentChange))
        {
            // A month's move in the series' own terms (percent, places or points), against the previous month.
            tiles.Add(new KeyFigure(
                t.Format("tile.change", ("previous", t.Previous(PeriodKind.Month)), ("period", t.Period(move.Current.Period))),
                ChangeText(context, series, move.Kind, move.Amount, FigureOrigin.Derived, move.Current.Approximate || move.Previous.Approximate, cell: true).Replace(" " + f.DerivedMark, "", StringComparison.Ordinal),
                t.Format("tile.change-derived", ("previousPeriod", t.Period(move.Previous.Period)), ("period", t.Period(move.Current.Period))),
                FigureOrigin.Derived,
                move.Current.Approximate || move.Previous.Approximate));
            if (YearOverYear(history, move.Current.Period) is { } yearAgo)
            {
                tiles.Add(new KeyFigure(
                    t.Format("tile.yoy", ("period", t.Period(move.Current.Period))),
                    ChangeText(context, series, move.Kind, move.Kind == ChangeKind.Percent ? (move.Current.Value - yearAgo.Value) / yearAgo.Value * 100m : move.Current.Value - yearAgo.Value, FigureOrigin.Derived, yearAgo.Approximate, cell: true).Replace(" " + f.DerivedMark, "", StringComparison.Ordinal),
                    t.Format("tile.yoy-derived", ("period", t.Period(yearAgo.Period))),
                    FigureOrigin.Derived,
                    yearAgo.Approximate || move.Current.Approximate));
            }
        }
        else if (history.LatestChange is { } change)
        {
            tiles.Add(ChangeTile(context, history, change));
            // A series read by month has its own month-move finding, scored against its usual range.
            if (context.InMonth(change.Period) && series.PercentChange && context.MoveOf(history) is null)
            {
                context.Moves.Add(new Move(series.Id, change.Percent, t.Format(
                    "finding.largest-move",
                    ("month", context.MonthName),
                    ("series", name),
                    ("direction", t.Moved(change.IsDecline, series)),
                    ("magnitude", f.ChangeMagnitude(change.Percent, change.Origin)),
                    ("previous", t.Previous(change.Period.Kind)),
                    ("origin", OriginSuffix(context, change)),
                    ("source", SourceSuffix(context, change)))));
            }
        }

        if (history.YearOverYear.LastOrDefault() is { } yoy && !(history.IsRolledUp || !series.PercentChange))
        {
            context.Cite(history, yoy);
            tiles.Add(new KeyFigure(
                t.Format("tile.yoy", ("period", t.Period(yoy.Period))),
                f.Change(yoy.Value, FigureOrigin.Reported),
                t.Format("tile.reported-by", ("source", yoy.ReportedBy)),
                FigureOrigin.Reported,
                yoy.Approximate));
        }

        if (tiles.Count > 0)
        {
            yield return new FigureRowBlock(tiles);
        }

        if (chart)
        {
            yield return ComposeSeriesChart(context, history, latestPeriod);
        }

        // A series read by month from days shows its months in the chart and its provenance in the tiles; a table
        // of the same twelve months would only repeat them.
        var table = history.IsRolledUp ? null : ComposeSeriesTable(context, history);
        if (table is not null)
        {
            yield return table;
        }
    }

    private static KeyFigure ChangeTile(BuildContext context, SeriesHistory history, PeriodChange change)
    {
        var (t, f) = (context.T, context.F);
        string detail;
        if (change.Reported is { } reported)
        {
            context.Cite(history, reported);
            detail = t.Format("tile.reported-by", ("source", reported.ReportedBy));
        }
        else
        {
            context.Cite(history, change.Period);
            context.Cite(history, change.Period.Previous);
            var previousPeriod = t.Period(change.Period.Previous);
            var period = t.Period(change.Period);
            detail = t.Format("tile.change-derived", ("previousPeriod", previousPeriod), ("period", period));
            context.Derivations.Add(t.Format(
                "derivation.change",
                ("series", t.SeriesName(history.Series)),
                ("period", period),
                ("change", f.Change(change.Percent, FigureOrigin.Derived)),
                ("previousPeriod", previousPeriod)));
        }

        return new KeyFigure(
            t.Format("tile.change", ("previous", t.Previous(change.Period.Kind)), ("period", t.Period(change.Period))),
            f.Change(change.Percent, change.Origin),
            detail,
            change.Origin,
            change.Approximate);
    }

    /// <summary>
    /// A grid of small line charts on one scale when a section has at least <see cref="MinSmallMultiples"/> series
    /// of one unit that each have a line chart's worth of levels (its most numerous unit, in the section's order,
    /// at most <see cref="MaxSmallMultiples"/> panels); null otherwise. Comparable means the same unit: visits next
    /// to users or a share on one scale would mislead.
    /// </summary>
    private static (SmallMultiplesBlock Block, IReadOnlySet<string> SeriesIds)? ComposeSmallMultiples(BuildContext context, IReadOnlyList<SeriesHistory> histories)
    {
        var t = context.T;
        var from = context.Month.FirstDay.AddMonths(-(ChartMonths - 1));
        var group = histories
            .Where(h => h.Series.Frequency is not (Frequency.Quarterly or Frequency.HalfYearly or Frequency.Annual))
            .Select(h => (History: h, Levels: h.Levels.Where(l => l.Period.End >= from).ToArray()))
            .Where(x => x.Levels.Length >= 2)
            .GroupBy(x => x.History.Series.Unit, StringComparer.Ordinal)
            .Where(g => g.Count() >= MinSmallMultiples)
            .OrderByDescending(g => g.Count())
            .FirstOrDefault();
        if (group is null)
        {
            return null;
        }

        var panels = group.Take(MaxSmallMultiples).ToList();
        var series = panels
            .Select(x => new ChartSeries(
                t.SeriesName(x.History.Series),
                x.Levels.Select(l => new SeriesPoint(l.Period.End, t.Period(l.Period), (double)l.Value, l.Approximate)).ToArray(),
                x.History.Series.Id,
                x.History.Series.Direction == Metrics.Direction.LowerIsBetter))
            .ToArray();
        var unit = t.Unit(group.Key);
        var block = new SmallMultiplesBlock(
            t.Format("chart.small-multiples", ("unit", unit), ("months", ChartMonthsText)),
            unit,
            series);
        return (block, panels.Select(x => x.History.Series.Id).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Levels as a line chart when there are two or more; otherwise changes as bars; otherwise words.</summary>
    private static BriefingBlock ComposeSeriesChart(BuildContext context, SeriesHistory history, Period latestPeriod)
    {
        var t = context.T;
        var series = history.Series;
        var name = t.SeriesName(series);
        var from = context.Month.FirstDay.AddMonths(-(ChartMonths - 1));
        var levels = history.Levels.Where(l => l.Period.End >= from).ToArray();
        var quarterly = series.Frequency is Frequency.Quarterly or Frequency.HalfYearly or Frequency.Annual;
        if (levels.Length >= 2)
        {
            // A daily series is charted by month like the rest: its days would crowd the axis with day labels.
            var lines = new List<ChartSeries> { new(name, levels.Select(l => new SeriesPoint(l.Period.End, t.Period(l.Period), (double)l.Value, l.Approximate)).ToArray(), series.Id, series.Direction == Metrics.Direction.LowerIsBetter) };
            return new ChartBlock(
                quarterly
                    ? t.Format("chart.by-period", ("series", name), ("period", t.PeriodNoun(latestPeriod.Kind)))
                    : t.Format("chart.last-months", ("series", name), ("months", ChartMonthsText)),
                t.Unit(series.Unit),
                quarterly ? ChartKind.Bar : ChartKind.Line,
                lines);
        }

        var changes = history.Changes.Where(c => c.Period.End >= from).ToArray();
        if (changes.Length >= 2)
        {
            var kind = changes[^1].Period.Kind;
            return new ChartBlock(
                t.Format("chart.changes", ("series", name), ("previous", t.Previous(kind))),
                t["chart.change-axis"],
                ChartKind.Bar,
                [new ChartSeries(name, changes.Select(c => new SeriesPoint(c.Period.End, t.Period(c.Period), (double)c.Percent, c.Approximate)).ToArray(), series.Id)]);
        }

        return new ParagraphBlock(
            t.Format(
                "chart.too-little",
                ("levels", t.Count(levels.Length, CountedNoun.Level)),
                ("changes", t.Count(changes.Length, CountedNoun.Change)),
                ("months", ChartMonthsText)),
            TextTone.Note);
    }

    private static TableBlock? ComposeSeriesTable(BuildContext context, SeriesHistory history)
    {
        var (t, f) = (context.T, context.F);
        var from = context.Month.FirstDay.AddMonths(-(ChartMonths - 1));
        var periods = history.All.Select(o => o.Period).Where(p => p.End >= from).Distinct().OrderBy(p => p).ToArray();
        if (periods.Length == 0)
        {
            return null;
        }

        // A daily series (a collected close or rank) would fill pages with a year of rows: the table keeps each
        // month's last day, and the chart above still plots every day.
        if (history.Series.Frequency == Frequency.Daily && !history.IsRolledUp)
        {
            periods = periods.GroupBy(p => (p.End.Year, p.End.Month)).Select(g => g.Max()).ToArray();
        }

        var unit = history.Series.Unit;
        var none = t["table.none"];

        // A series that never reports or allows a change (an irregular one, say) gets no empty change column.
        var withChanges = periods.Any(p => history.ChangeFor(p) is not null);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var period in periods)
        {
            context.Cite(history, period);
            var level = history.LevelAt(period);
            var change = history.ChangeFor(period);
            var notes = string.Join(t.Semicolon, history.All.Where(o => o.Period == period && o.Note.Length > 0).Select(o => t.Note(o.Note)).Distinct());
            if (history.RollupAt(period) is { } rollup)
            {
                notes = RollupDetail(context, rollup);
            }

            var levelCell = level is null ? none : f.LevelValue(level.Value, unit, level.Approximate);
            var changeCell = change is null ? none
                : history.Series.PercentChange || change.Origin == FigureOrigin.Reported ? f.ChangeCell(change)
                : ChangeText(context, history.Series, KindOf(history.Series), level!.Value - history.LevelAt(period.Previous)!.Value, FigureOrigin.Derived, change.Approximate, cell: true);
            rows.Add(withChanges
                ? [t.Period(period), levelCell, changeCell, notes]
                : [t.Period(period), levelCell, notes]);
        }

        var unitName = t.Unit(unit);
        string[] columns = withChanges
            ? [t["table.period"], t.Format("table.level", ("unit", unitName)), t.Format("table.change", ("previous", t.Previous(periods[^1].Kind))), t["table.note"]]
            : [t["table.period"], t.Format("table.level", ("unit", unitName)), t["table.note"]];
        return new TableBlock(
            columns,
            rows,
            t.Format("table.caption", ("series", t.SeriesName(history.Series)), ("from", f.Date(from)), ("to", context.MonthEnd)));
    }

    private static ParagraphBlock? StalenessNote(BuildContext context, SeriesHistory history)
    {
        var latest = history.LatestPeriod!.Value;
        if (latest.End >= context.Month.FirstDay)
        {
            return null;
        }

        var t = context.T;
        return new ParagraphBlock(
            t.Format("note.stale", ("period", t.Period(latest)), ("month", context.MonthName), ("date", context.MonthEnd)),
            TextTone.Note);
    }

    private static void AddStreakFinding(BuildContext context, SeriesHistory history)
    {
        if (history.Streak() is not { Length: >= 2 } streak)
        {
            return;
        }

        // A month-by-month series makes a two-month run by chance every other month: its streaks rank below a
        // move outside its usual range unless they run long.
        var monthly = context.MoveOf(history) is not null;
        var (t, f) = (context.T, context.F);
        var change = history.ChangeFor(streak.Last)!;
        var score = (monthly ? 45 : 75) + (streak.Length * 5) + context.Freshness(streak.Last);
        var kind = KindOf(history.Series);
        if (kind != ChangeKind.Percent && change.Origin == FigureOrigin.Derived)
        {
            var amount = history.LevelAt(streak.Last)!.Value - history.LevelAt(streak.Last.Previous)!.Value;
            context.Findings.Add(new FindingCandidate(
                score,
                history.Series.Id,
                t.Format(
                    "finding.streak",
                    ("series", t.SeriesName(history.Series)),
                    ("direction", MoveVerb(context, history.Series, kind, amount)),
                    ("streak", t.Streak(streak.Length, streak.Last.Kind)),
                    ("at", t.At(streak.Last)),
                    ("change", ChangeText(context, history.Series, kind, amount, FigureOrigin.Derived, change.Approximate, cell: true)),
                    ("origin", ""),
                    ("source", ""))));
            return;
        }

        context.Findings.Add(new FindingCandidate(
            score,
            history.Series.Id,
            t.Format(
                "finding.streak",
                ("series", t.SeriesName(history.Series)),
                ("direction", t.Moved(streak.Declining, history.Series)),
                ("streak", t.Streak(streak.Length, streak.Last.Kind)),
                ("at", t.At(streak.Last)),
                ("change", f.Change(change.Percent, change.Origin, change.Approximate)),
                ("origin", OriginSuffix(context, change)),
                ("source", SourceSuffix(context, change)))));
    }

    /// <summary>The level a year before a month, for a series read by month.</summary>
    private static LevelPoint? YearOverYear(SeriesHistory history, Period period)
    {
        var yearAgo = Period.Month(period.Start.Year - 1, period.Start.Month);
        return history.LevelAt(yearAgo) is { } o && o.Value != 0 ? new LevelPoint(o.Period, o.Value, o.Approximate) : null;
    }

    /// <summary>The move between the last two levels, which may be further apart than one period.</summary>
    private static void AddLevelMoveFinding(BuildContext context, SeriesHistory history)
    {
        var levels = history.Levels;
        if (levels.Count < 2 || levels[^2].Value == 0)
        {
            return;
        }

        var (before, after) = (levels[^2], levels[^1]);
        var percent = ((after.Value - before.Value) / before.Value) * 100m;
        if (percent == 0)
        {
            return;
        }

        var (t, f) = (context.T, context.F);
        var name = t.SeriesName(history.Series);
        var unit = history.Series.Unit;
        var kind = KindOf(history.Series);

        // A share moves in points and a rank in places; only a level's move is a percentage.
        var change = kind == ChangeKind.Percent
            ? f.Change(percent, FigureOrigin.Derived)
            : ChangeText(context, history.Series, kind, after.Value - before.Value, FigureOrigin.Derived, false, cell: true);
        if (kind != ChangeKind.Percent)
        {
            percent = Math.Sign(after.Value - before.Value) * Math.Min(Math.Abs(after.Value - before.Value) * 5m, 30m);
        }

        var score = 55 + context.Freshness(after.Period) + (int)Math.Min(Math.Abs(percent) / 2, 15m);
        context.Derivations.Add(t.Format(
            "derivation.level-move",
            ("series", name),
            ("change", change),
            ("from", t.Period(before.Period)),
            ("to", t.Period(after.Period))));
        context.Findings.Add(new FindingCandidate(
            score,
            history.Series.Id,
            t.Format(
                "finding.level-move",
                ("series", name),
                ("direction", MoveVerb(context, history.Series, kind, after.Value - before.Value)),
                ("before", f.LevelInSentence(before.Value, unit, before.Approximate)),
                ("atBefore", t.At(before.Period)),
                ("after", f.LevelInSentence(after.Value, unit, after.Approximate)),
                ("atAfter", t.At(after.Period)),
                ("change", change),
                ("derived", f.DerivedInSentence))));
    }

    private static string OriginSuffix(BuildContext context, PeriodChange change) =>
        change.Origin == FigureOrigin.Derived ? context.T.Format("finding.origin", ("derived", context.F.DerivedInSentence)) : "";

    private static string SourceSuffix(BuildContext context, PeriodChange change) =>
        change.Reported is { } reported ? context.T.Format("finding.source", ("source", reported.ReportedBy)) : "";
}
