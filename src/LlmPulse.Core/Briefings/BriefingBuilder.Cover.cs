using System.Globalization;
using LlmPulse.Metrics;

namespace LlmPulse.Briefings;

public sealed partial class BriefingBuilder
{
    /// <summary>Names listed in one "what changed" line before the rest are counted ("and 3 more").</summary>
    private const int ChangedNamesShown = 4;

    /// <summary>The data sections the cover has a tile for, in the document's order, with their section title key.</summary>
    private static readonly (SeriesCategory Category, string TitleKey)[] GlanceSections =
    [
        (SeriesCategory.Traffic, "section.traffic"),
        (SeriesCategory.Index, "section.indexes"),
        (SeriesCategory.Investment, "section.investment"),
    ];

    private static BriefingCover ComposeCover(BuildContext context, PreviousBriefing? previous)
    {
        var tiles = GlanceSections.Select(s => ComposeTile(context, s.Category, s.TitleKey)).ToArray();
        return new BriefingCover(tiles, ComposeChanges(context, previous));
    }

    /// <summary>Opens each data section with one sentence computed from its headline figure.</summary>
    private static void AddSectionSummaries(BuildContext context, List<BriefingSection> sections)
    {
        var t = context.T;
        foreach (var (category, titleKey) in GlanceSections)
        {
            var index = sections.FindIndex(s => s.Title == t[titleKey]);
            if (index < 0 || Headline(context, category) is not { } headline)
            {
                continue;
            }

            var inSection = context.InCategory(category).Where(h => !h.IsEmpty).ToArray();
            var fresh = inSection.Count(h => h.All.Any(o => context.InMonth(o.Period)));
            var summary = t.Format(
                "summary.level",
                ("series", t.SeriesName(headline.History.Series)),
                ("was", t.Verb(SeriesVerb.Was, headline.History.Series)),
                ("level", context.F.LevelInSentence(headline.Level.Value, headline.History.Series.Unit, headline.Level.Approximate)),
                ("at", t.At(headline.Level.Period)),
                ("change", headline.Change is null ? "" : t.Format("summary.change", ("change", headline.Change))),
                ("fresh", fresh.ToString(CultureInfo.InvariantCulture)),
                ("total", t.Count(inSection.Length, CountedNoun.Series)),
                ("month", context.MonthName));
            var section = sections[index];
            sections[index] = section with { Blocks = [new ParagraphBlock(summary, TextTone.Summary), .. section.Blocks] };
        }
    }

    private static CoverTile ComposeTile(BuildContext context, SeriesCategory category, string titleKey)
    {
        var (t, f) = (context.T, context.F);
        if (Headline(context, category) is not { } headline)
        {
            return new CoverTile(t[titleKey], t["cover.no-figure"], null, null, ChangeDirection.None, null, null, FigureOrigin.Reported, false);
        }

        var series = headline.History.Series;
        var from = context.Month.FirstDay.AddMonths(-(ChartMonths - 1));
        var trend = headline.History.Levels.Where(l => l.Period.End >= from).ToArray();
        return new CoverTile(
            t[titleKey],
            t.Format("cover.tile-label", ("series", t.SeriesName(series)), ("period", t.Period(headline.Level.Period))),
            f.Level(headline.Level.Value, series.Unit),
            headline.Change,
            headline.Direction,
            trend.Length >= 2 ? new Sparkline([.. trend.Select(l => (double)l.Value)], [.. trend.Select(l => l.Approximate)]) : null,
            t.Format("cover.source", ("source", headline.ReportedBy)),
            FigureOrigin.Reported,
            headline.Level.Approximate);
    }

    /// <summary>
    /// A section's headline: its best documented series' latest level, with the change a reader expects next to it
    /// (an index's change over the month, other series' change against the previous period).
    /// </summary>
    private static HeadlineFigure? Headline(BuildContext context, SeriesCategory category)
    {
        var (t, f) = (context.T, context.F);
        var candidates = context.InCategory(category).Where(h => h.LatestLevel is not null);
        if (category == SeriesCategory.Index)
        {
            candidates = candidates.Where(h => h.Series.Unit == IndexUnit);
        }

        var history = candidates.FirstOrDefault();
        if (history is null)
        {
            return null;
        }

        var level = history.LevelAsOf(context.Month.LastDay)!;
        var reportedBy = history.LevelAt(level.Period)!.ReportedBy;
        if (category == SeriesCategory.Index)
        {
            return history.ChangeOverMonth(context.Month) is { } overMonth
                ? new HeadlineFigure(history, level, reportedBy, t.Format("cover.change-over-month", ("change", f.Change(overMonth.Percent, FigureOrigin.Derived))), Direction(overMonth.Percent))
                : new HeadlineFigure(history, level, reportedBy, null, ChangeDirection.None);
        }

        return history.ChangeFor(level.Period) is { } change
            ? new HeadlineFigure(
                history,
                level,
                reportedBy,
                t.Format("cover.change", ("change", f.Change(change.Percent, change.Origin, change.Approximate)), ("previous", t.Previous(change.Period.Kind))),
                Direction(change.Percent))
            : new HeadlineFigure(history, level, reportedBy, null, ChangeDirection.None);
    }

    private static ChangeDirection Direction(decimal percent) =>
        percent > 0 ? ChangeDirection.Up : percent < 0 ? ChangeDirection.Down : ChangeDirection.Flat;

    /// <summary>
    /// What changed since the last briefing: figures for periods ending this month, figures for earlier periods
    /// collected after the last briefing was made (late or revised), and series that reported last month but not this one.
    /// </summary>
    private static IReadOnlyList<string> ComposeChanges(BuildContext context, PreviousBriefing? previous)
    {
        var t = context.T;
        var lines = new List<string>();
        var prior = context.Month.Previous;

        var fresh = context.Histories
            .Select(h => (History: h, Latest: h.All.Where(o => context.InMonth(o.Period)).Select(o => o.Period).DefaultIfEmpty().Max()))
            .Where(x => x.Latest != default)
            .Select(x => t.Format("changes.item", ("series", t.SeriesName(x.History.Series)), ("period", t.Period(x.Latest))))
            .ToArray();
        lines.Add(fresh.Length == 0
            ? t.Format("changes.none-new", ("month", context.MonthName))
            : t.Format("changes.new", ("month", context.MonthName), ("list", NameList(context, fresh))));

        if (previous is null)
        {
            lines.Add(t["changes.no-earlier"]);
        }
        else
        {
            var late = context.Histories
                .SelectMany(h => h.All
                    .Where(o => o.Period.End <= prior.LastDay && o.CollectedAt > previous.GeneratedAt)
                    .Select(o => o.Period)
                    .Distinct()
                    .Select(p => t.Format("changes.item", ("series", t.SeriesName(h.Series)), ("period", t.Period(p)))))
                .ToArray();
            lines.Add(late.Length == 0
                ? t.Format("changes.none-revised", ("date", context.F.Date(DateOnly.FromDateTime(previous.GeneratedAt.UtcDateTime))))
                : t.Format("changes.revised", ("date", context.F.Date(DateOnly.FromDateTime(previous.GeneratedAt.UtcDateTime))), ("list", NameList(context, late))));
        }

        var quiet = context.Histories
            .Where(h => h.All.Any(o => o.Period.End >= prior.FirstDay && o.Period.End <= prior.LastDay) && !h.All.Any(o => context.InMonth(o.Period)))
            .Select(h => t.SeriesName(h.Series))
            .ToArray();
        if (quiet.Length > 0)
        {
            lines.Add(t.Format("changes.quiet", ("previousMonth", t.MonthYear(prior)), ("list", NameList(context, quiet))));
        }

        return lines;
    }

    private static string NameList(BuildContext context, IReadOnlyList<string> names)
    {
        var t = context.T;
        var shown = string.Join(t.Semicolon, names.Take(ChangedNamesShown));
        return names.Count <= ChangedNamesShown
            ? shown
            : t.Format("changes.more", ("list", shown), ("count", t.Count(names.Count - ChangedNamesShown, CountedNoun.Series)));
    }

    private sealed record HeadlineFigure(SeriesHistory History, LevelPoint Level, string ReportedBy, string? Change, ChangeDirection Direction);
}
