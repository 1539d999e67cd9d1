using LlmPulse.Metrics;

namespace LlmPulse.Briefings;

public sealed partial class BriefingBuilder
{
    private const int ChartMonths = 12;

    private static BriefingSection ComposeTraffic(BuildContext context)
    {
        var blocks = new List<BriefingBlock>();
        var histories = context.InCategory(SeriesCategory.Traffic).Where(h => !h.IsEmpty).ToArray();
        if (histories.Length == 0)
        {
            blocks.Add(new ParagraphBlock($"No web-traffic figures are stored as of {FigureFormat.Date(context.Month.LastDay)}."));
        }

        foreach (var history in histories)
        {
            blocks.Add(new HeadingBlock(history.Series.Name));
            blocks.AddRange(ComposeSeriesOverview(context, history));
            AddStreakFinding(context, history);
            AddLevelMoveFinding(context, history);
        }

        return new BriefingSection("Web traffic", blocks);
    }

    /// <summary>Tiles, a chart and a table for one regular or irregular series: shared by traffic and investment.</summary>
    private static IEnumerable<BriefingBlock> ComposeSeriesOverview(BuildContext context, SeriesHistory history)
    {
        var series = history.Series;
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
            tiles.Add(new KeyFigure($"Level, {level.Period.DisplayName}", FigureFormat.Level(level.Value, series.Unit), $"Reported by {observation.ReportedBy}", FigureOrigin.Reported, level.Approximate));
        }

        if (history.LatestChange is { } change)
        {
            tiles.Add(ChangeTile(context, history, change));
            if (context.InMonth(change.Period))
            {
                context.Moves.Add(new Move(series.Id, change.Percent, $"The largest move of {context.Month.DisplayName}: {series.Name} {(change.IsDecline ? "fell" : "rose")} {FigureFormat.ChangeMagnitude(change.Percent, change.Origin)} against the {PreviousWord(change.Period.Kind)}{OriginSuffix(change)}.{SourceSuffix(change)}"));
            }
        }

        if (history.YearOverYear.LastOrDefault() is { } yoy)
        {
            context.Cite(history, yoy);
            tiles.Add(new KeyFigure($"Year over year, {yoy.Period.DisplayName}", FigureFormat.Change(yoy.Value, FigureOrigin.Reported), $"Reported by {yoy.ReportedBy}", FigureOrigin.Reported, yoy.Approximate));
        }

        if (tiles.Count > 0)
        {
            yield return new FigureRowBlock(tiles);
        }

        yield return ComposeSeriesChart(context, history, latestPeriod);

        var table = ComposeSeriesTable(context, history);
        if (table is not null)
        {
            yield return table;
        }
    }

    private static KeyFigure ChangeTile(BuildContext context, SeriesHistory history, PeriodChange change)
    {
        string detail;
        if (change.Reported is { } reported)
        {
            context.Cite(history, reported);
            detail = $"Reported by {reported.ReportedBy}";
        }
        else
        {
            context.Cite(history, change.Period);
            context.Cite(history, change.Period.Previous);
            detail = $"Derived from the {change.Period.Previous.DisplayName} and {change.Period.DisplayName} levels";
            context.Derivations.Add($"{history.Series.Name}, {change.Period.DisplayName}: {FigureFormat.Change(change.Percent, FigureOrigin.Derived)} computed from the levels of {change.Period.Previous.DisplayName} and {change.Period.DisplayName}.");
        }

        return new KeyFigure($"Change vs {PreviousWord(change.Period.Kind)}, {change.Period.DisplayName}", FigureFormat.Change(change.Percent, change.Origin), detail, change.Origin, change.Approximate);
    }

    /// <summary>Levels as a line chart when there are two or more; otherwise changes as bars; otherwise words.</summary>
    private static BriefingBlock ComposeSeriesChart(BuildContext context, SeriesHistory history, Period latestPeriod)
    {
        var series = history.Series;
        var from = context.Month.FirstDay.AddMonths(-(ChartMonths - 1));
        var levels = history.Levels.Where(l => l.Period.End >= from).ToArray();
        var quarterly = series.Frequency is Frequency.Quarterly or Frequency.HalfYearly or Frequency.Annual;
        if (levels.Length >= 2)
        {
            return new ChartBlock(
                quarterly ? $"{series.Name} by {PeriodWord(latestPeriod.Kind, false)}" : $"{series.Name}, last {ChartMonths} months",
                series.Unit,
                quarterly ? ChartKind.Bar : ChartKind.Line,
                [new ChartSeries(series.Name, levels.Select(l => new SeriesPoint(l.Period.End, l.Period.DisplayName, (double)l.Value, l.Approximate)).ToArray())]);
        }

        var changes = history.Changes.Where(c => c.Period.End >= from).ToArray();
        if (changes.Length >= 2)
        {
            var kind = changes[^1].Period.Kind;
            return new ChartBlock(
                $"{series.Name}: change vs {PreviousWord(kind)}, %",
                "% change",
                ChartKind.Bar,
                [new ChartSeries(series.Name, changes.Select(c => new SeriesPoint(c.Period.End, c.Period.DisplayName, (double)c.Percent, c.Approximate)).ToArray())]);
        }

        return new ParagraphBlock(
            $"Too little data for a chart: {Count(levels.Length, "level")} and {Count(changes.Length, "change")} in the last {ChartMonths} months.",
            TextTone.Note);
    }

    private static TableBlock? ComposeSeriesTable(BuildContext context, SeriesHistory history)
    {
        var from = context.Month.FirstDay.AddMonths(-(ChartMonths - 1));
        var periods = history.All.Select(o => o.Period).Where(p => p.End >= from).Distinct().OrderBy(p => p).ToArray();
        if (periods.Length == 0)
        {
            return null;
        }

        var unit = history.Series.Unit;

        // A series that never reports or allows a change (an irregular one, say) gets no empty change column.
        var withChanges = periods.Any(p => history.ChangeFor(p) is not null);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var period in periods)
        {
            context.Cite(history, period);
            var level = history.LevelAt(period);
            var change = history.ChangeFor(period);
            var notes = string.Join("; ", history.All.Where(o => o.Period == period && o.Note.Length > 0).Select(o => o.Note).Distinct());
            var levelCell = level is null ? "-" : FigureFormat.LevelValue(level.Value, unit, level.Approximate);
            rows.Add(withChanges
                ? [period.DisplayName, levelCell, change is null ? "-" : FigureFormat.ChangeCell(change), notes]
                : [period.DisplayName, levelCell, notes]);
        }

        string[] columns = withChanges
            ? ["Period", $"Level ({unit})", $"Change vs {PreviousWord(periods[^1].Kind)}", "Note"]
            : ["Period", $"Level ({unit})", "Note"];
        return new TableBlock(
            columns,
            rows,
            $"{history.Series.Name}: figures for periods ending {FigureFormat.Date(from)} to {FigureFormat.Date(context.Month.LastDay)}.");
    }

    private static ParagraphBlock? StalenessNote(BuildContext context, SeriesHistory history)
    {
        var latest = history.LatestPeriod!.Value;
        if (latest.End >= context.Month.FirstDay)
        {
            return null;
        }

        return new ParagraphBlock(
            $"Latest figure is for {latest.DisplayName}, older than {context.Month.DisplayName}: nothing newer was reported by {FigureFormat.Date(context.Month.LastDay)}.",
            TextTone.Note);
    }

    private static void AddStreakFinding(BuildContext context, SeriesHistory history)
    {
        if (history.Streak() is not { Length: >= 2 } streak)
        {
            return;
        }

        var change = history.ChangeFor(streak.Last)!;
        var word = PeriodWord(streak.Last.Kind, false);
        var direction = streak.Declining ? "fell" : "rose";
        var score = 75 + (streak.Length * 5) + context.Freshness(streak.Last);
        context.Findings.Add(new FindingCandidate(
            score,
            history.Series.Id,
            $"{history.Series.Name} {direction} for a {Ordinal(streak.Length)} consecutive {word} {At(streak.Last)} ({FigureFormat.Change(change.Percent, change.Origin, change.Approximate)}{OriginSuffix(change)}).{SourceSuffix(change)}"));
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

        var unit = history.Series.Unit;
        var score = 55 + context.Freshness(after.Period) + (int)Math.Min(Math.Abs(percent) / 2, 15m);
        context.Derivations.Add($"{history.Series.Name}: {FigureFormat.Change(percent, FigureOrigin.Derived)} from {before.Period.DisplayName} to {after.Period.DisplayName}, computed from the two levels.");
        context.Findings.Add(new FindingCandidate(
            score,
            history.Series.Id,
            $"{history.Series.Name} {(percent < 0 ? "fell" : "rose")} from {FigureFormat.LevelInSentence(before.Value, unit, before.Approximate)} {At(before.Period)} to {FigureFormat.LevelInSentence(after.Value, unit, after.Approximate)} {At(after.Period)} ({FigureFormat.Change(percent, FigureOrigin.Derived)} {FigureFormat.DerivedMark})."));
    }

    private static string OriginSuffix(PeriodChange change) => change.Origin == FigureOrigin.Derived ? ", " + FigureFormat.DerivedMark : "";

    private static string SourceSuffix(PeriodChange change) =>
        change.Reported is { } reported ? $" Reported by {reported.ReportedBy}." : "";

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
