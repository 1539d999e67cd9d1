using System.Globalization;
using LlmPulse.Briefings.Localization;
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

            var series = headline.History.Series;
            var summary = headline.Level is { } level
                ? t.Format(
                    "summary.level",
                    ("series", t.SeriesName(series)),
                    ("was", t.Verb(SeriesVerb.Was, series)),
                    ("level", context.F.LevelInSentence(level.Value, series.Unit, level.Approximate)),
                    ("at", t.At(level.Period)),
                    ("change", headline.Change is null ? "" : t.Format("summary.change", ("change", headline.Change))))
                : t.Format(
                    "summary.change-only",
                    ("series", t.SeriesName(series)),
                    ("change", headline.Value),
                    ("previous", t.Previous(headline.Period.Kind)),
                    ("at", t.At(headline.Period)));
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
        return new CoverTile(
            t[titleKey],
            t.Format("cover.tile-label", ("series", t.SeriesName(series)), ("period", t.Period(headline.Period))),
            headline.Value,
            headline.Change,
            headline.Direction,
            headline.Level is null ? null : Trend(context, headline.History),
            t.Format("cover.source", ("source", headline.ReportedBy)),
            headline.Origin,
            headline.Approximate,
            series.Id);
    }

    /// <summary>
    /// A section's headline: its best documented series' latest level, with the change a reader expects next to it
    /// (an index's change over the month, other series' change against the previous period).
    /// </summary>
    private static HeadlineFigure? Headline(BuildContext context, SeriesCategory category)
    {
        var (t, f) = (context.T, context.F);
        var inCategory = context.InCategory(category).Where(h => !h.IsEmpty).ToArray();
        var withLevel = inCategory.Where(h => h.LatestLevel is not null && (category != SeriesCategory.Index || h.Series.Unit == IndexUnit));
        if (withLevel.FirstOrDefault() is not { } history)
        {
            // A section whose series report only changes (a quarter-over-quarter total, say) leads with the change.
            return inCategory.Select(h => (History: h, Change: h.LatestChange)).FirstOrDefault(x => x.Change is not null) is { Change: { } change } only
                ? new HeadlineFigure(
                    only.History,
                    null,
                    change.Period,
                    change.Reported?.ReportedBy ?? only.History.Series.Source,
                    f.Change(change.Percent, change.Origin, change.Approximate),
                    t.Format("cover.change-only", ("previous", t.Previous(change.Period.Kind))),
                    Direction(change.Percent),
                    change.Origin,
                    change.Approximate)
                : null;
        }

        var level = history.LevelAsOf(context.Month.LastDay)!;
        var reportedBy = history.LevelAt(level.Period)!.ReportedBy;
        var value = f.Level(level.Value, history.Series.Unit);
        HeadlineFigure Figure(string? changeText, ChangeDirection direction) =>
            new(history, level, level.Period, reportedBy, value, changeText, direction, FigureOrigin.Reported, level.Approximate);

        // A rank or a share has no meaningful percent change: the tile says what its section says, in places or
        // points, and points up when the series improved (a rank climbing is a number falling).
        var kind = KindOf(history.Series);
        if (kind != ChangeKind.Percent)
        {
            return history.LevelAt(level.Period.Previous) is { } before
                ? Figure(
                    t.Format(
                        "cover.change-derived",
                        ("change", ChangeText(context, history.Series, kind, level.Value - before.Value, FigureOrigin.Derived, level.Approximate || before.Approximate, cell: true)),
                        ("previous", t.Previous(level.Period.Kind)),
                        ("derived", f.DerivedInSentence)),
                    level.Value == before.Value ? ChangeDirection.Flat : Improved(history.Series, level.Value - before.Value) ? ChangeDirection.Up : ChangeDirection.Down)
                : Figure(null, ChangeDirection.None);
        }

        if (category == SeriesCategory.Index)
        {
            return history.ChangeOverMonth(context.Month) is { } overMonth
                ? Figure(t.Format("cover.change-over-month", ("change", f.Change(overMonth.Percent, FigureOrigin.Derived)), ("derived", f.DerivedInSentence)), Direction(overMonth.Percent))
                : Figure(null, ChangeDirection.None);
        }

        return history.ChangeFor(level.Period) is { } change2
            ? Figure(
                change2.Origin == FigureOrigin.Derived
                    ? t.Format("cover.change-derived", ("change", f.Change(change2.Percent, change2.Origin, change2.Approximate)), ("previous", t.Previous(change2.Period.Kind)), ("derived", f.DerivedInSentence))
                    : t.Format("cover.change", ("change", f.Change(change2.Percent, change2.Origin, change2.Approximate)), ("previous", t.Previous(change2.Period.Kind))),
                Direction(change2.Percent))
            : Figure(null, ChangeDirection.None);
    }

    /// <summary>
    /// The last 12 months of levels, one value per month (a daily series' last figure of each month, a gap where a
    /// month has none); a quarterly or longer series one value per period, since its months between are not missing.
    /// </summary>
    private static Sparkline? Trend(BuildContext context, SeriesHistory history)
    {
        var from = context.Month.FirstDay.AddMonths(-(ChartMonths - 1));
        var levels = history.Levels.Where(l => l.Period.End >= from && l.Period.End <= context.Month.LastDay).ToArray();
        double?[] values = history.Series.Frequency is Frequency.Quarterly or Frequency.HalfYearly or Frequency.Annual
            ? [.. levels.Select(l => (double?)(double)l.Value)]
            : [.. Enumerable.Range(0, ChartMonths)
                .Select(i => from.AddMonths(i))
                .Select(m => levels.LastOrDefault(l => l.Period.End.Year == m.Year && l.Period.End.Month == m.Month) is { } l ? (double?)(double)l.Value : null)];
        var trend = new Sparkline(values);
        return trend.IsDrawable ? trend : null;
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

        var fresh = ByCategory(context)
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
            var late = ByCategory(context)
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

        var quiet = ByCategory(context)
            .Where(h => h.All.Any(o => o.Period.End >= prior.FirstDay && o.Period.End <= prior.LastDay) && !h.All.Any(o => context.InMonth(o.Period)))
            .Select(h => t.SeriesName(h.Series))
            .ToArray();
        if (quiet.Length > 0)
        {
            lines.Add(t.Format("changes.quiet", ("previousMonth", t.MonthYear(prior)), ("list", NameList(context, quiet))));
        }

        return lines;
    }

    /// <summary>Headline sections first (traffic, index, investment), then the signals, as the document reads.</summary>
    private static IEnumerable<SeriesHistory> ByCategory(BuildContext context) =>
        context.Histories.OrderBy(h => h.Series.Category).ThenBy(h => h.Series.Id, StringComparer.Ordinal);

    private static string NameList(BuildContext context, IReadOnlyList<string> names)
    {
        var t = context.T;
        var shown = string.Join(t.Semicolon, names.Take(ChangedNamesShown));
        return names.Count <= ChangedNamesShown
            ? shown
            : t.Format("changes.more", ("list", shown), ("count", (names.Count - ChangedNamesShown).ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>A section's headline: a level with its change, or a change alone when no level is reported.</summary>
    private sealed record HeadlineFigure(
        SeriesHistory History,
        LevelPoint? Level,
        Period Period,
        string ReportedBy,
        string Value,
        string? Change,
        ChangeDirection Direction,
        FigureOrigin Origin,
        bool Approximate);
}
