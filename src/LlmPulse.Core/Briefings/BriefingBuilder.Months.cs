using System.Globalization;
using LlmPulse.Briefings.Localization;
using LlmPulse.Metrics;

namespace LlmPulse.Briefings;

/// <summary>How a change reads in a series' own unit: percent for levels, places for ranks, points for shares.</summary>
internal enum ChangeKind
{
    Percent,
    Places,
    Points,
}

/// <summary>
/// The briefing month's move of a series read month by month (a monthly series, or a daily one through its
/// roll-ups), with <see cref="Z"/>: the move against the spread of the series' last 12 monthly moves, which is
/// what ranks findings and movers (a 5% move is news for a calm series and noise for a jumpy one).
/// </summary>
internal sealed record MonthMove(LevelPoint Current, LevelPoint Previous, decimal? Percent, decimal Difference, ChangeKind Kind, double? Z, bool Reported = false, double? Spread = null)
{
    /// <summary>The move in the series' own terms: percent, places or points.</summary>
    public decimal Amount => Kind == ChangeKind.Percent ? Percent ?? 0m : Difference;

    /// <summary>The significance used for ranking: the volatility-scaled move, else a rough one for short histories.</summary>
    public double Significance => Z ?? (Kind == ChangeKind.Percent ? (double)Math.Abs(Amount) / 5d : (double)Math.Abs(Amount));
}

public sealed partial class BriefingBuilder
{
    /// <summary>Series a section shows in full (tiles and chart): its featured series, then its top movers.</summary>
    private const int MaxFullSeries = 4;

    /// <summary>In a section of more series than <see cref="MaxFullSeries"/>: featured ones and at least one top mover, three in all.</summary>
    private const int MaxFullInLargeSection = 3;

    /// <summary>Rows of a compact table; further quiet series are counted in one sentence, so length stays bounded.</summary>
    private const int MaxCompactRows = 24;

    /// <summary>Moves within this many of their usual spread are not news on their own.</summary>
    private const double NewsworthyZ = 1.5;

    private static ChangeKind KindOf(Series series) =>
        series.PercentChange ? ChangeKind.Percent
        : series.Unit == SeriesConventions.RankUnit ? ChangeKind.Places
        : ChangeKind.Points;

    /// <summary>Whether a series is read month by month (so a month's move and its spread exist).</summary>
    private static bool IsMonthly(SeriesHistory history) =>
        history.IsRolledUp || history.Series.Frequency == Frequency.Monthly;

    internal static MonthMove? ComputeMonthMove(SeriesHistory history, BriefingMonth month)
    {
        if (!IsMonthly(history))
        {
            return null;
        }

        var levels = history.Levels.ToDictionary(l => l.Period);
        var period = Period.Month(month.Year, month.Month);
        if (!levels.TryGetValue(period, out var current) || !levels.TryGetValue(period.Previous, out var previous))
        {
            return null;
        }

        var kind = KindOf(history.Series);

        // In percent, a reported change wins over the one two levels give.
        decimal? Measure(LevelPoint now, LevelPoint before) =>
            kind == ChangeKind.Percent ? history.ChangeFor(now.Period)?.Percent : now.Value - before.Value;

        var spread = new List<double>();
        var p = period.Previous;
        for (var i = 0; i < 12; i++, p = p.Previous)
        {
            if (levels.TryGetValue(p, out var a) && levels.TryGetValue(p.Previous, out var b) && Measure(a, b) is { } m)
            {
                spread.Add((double)m);
            }
        }

        var amount = Measure(current, previous);
        if (amount is null)
        {
            return null;
        }

        double? z = null;
        double? sd = null;
        if (spread.Count >= 3)
        {
            var mean = spread.Average();
            sd = Math.Sqrt(spread.Sum(v => (v - mean) * (v - mean)) / (spread.Count - 1));
            z = sd > 1e-9 ? Math.Abs((double)amount.Value) / sd : amount.Value == 0 ? 0 : 6;
        }

        var reported = history.ChangeFor(period) is { Origin: FigureOrigin.Reported };
        var percent = history.ChangeFor(period)?.Percent;
        return new MonthMove(current, previous, percent, current.Value - previous.Value, kind, z, reported, sd);
    }

    /// <summary>
    /// A section's series split in two: featured ones (in configured order) and the top movers are shown in full,
    /// the rest as compact rows, largest move first. A section of a few series shows them all in full.
    /// </summary>
    private static (IReadOnlyList<SeriesHistory> Full, IReadOnlyList<SeriesHistory> Compact) SplitSection(BuildContext context, IReadOnlyList<SeriesHistory> histories)
    {
        var featured = histories.Where(h => context.FeaturedRank(h.Series.Id) is not null).OrderBy(h => context.FeaturedRank(h.Series.Id)).ToList();
        var others = histories.Where(h => context.FeaturedRank(h.Series.Id) is null).ToList();
        if (histories.Count <= MaxFullSeries)
        {
            return ([.. featured, .. others], []);
        }

        var byMove = others.OrderByDescending(context.Significance).ToList();
        var movers = byMove.Take(Math.Max(1, MaxFullInLargeSection - featured.Count)).ToList();
        return ([.. featured, .. movers], byMove.Skip(movers.Count).ToList());
    }

    /// <summary>One row per series, with its latest month, its move and a 12-month sparkline; bounded in length.</summary>
    private static IEnumerable<BriefingBlock> ComposeCompactTable(BuildContext context, IReadOnlyList<SeriesHistory> histories)
    {
        if (histories.Count == 0)
        {
            yield break;
        }

        var (t, f) = (context.T, context.F);
        var rows = new List<CompactRow>();
        foreach (var history in histories.Take(MaxCompactRows))
        {
            var latest = history.LatestLevel;
            var move = context.MoveOf(history);
            var change = move is null ? t["table.none"] : ChangeCell(context, history.Series, move);
            rows.Add(new CompactRow(
                [
                    t.SeriesName(history.Series),
                    latest is null ? t["table.none"] : f.Level(latest.Value, history.Series.Unit, latest.Approximate),
                    change,
                    "",
                    history.All.Count > 0 ? history.All[^1].ReportedBy : history.Series.Source,
                ],
                CompactTrend(context, history)));
        }

        yield return new HeadingBlock(t["compact.heading"]);
        yield return new CompactTableBlock(
            [t["compact.series"], t["compact.latest"], t.Format("table.change", ("previous", t.Previous(PeriodKind.Month))), t.Format("compact.trend", ("months", ChartMonthsText)), t["table.reported-by"]],
            rows,
            3,
            t["compact.caption"]);
        if (histories.Count > MaxCompactRows)
        {
            yield return new ParagraphBlock(
                t.Format("compact.more", ("count", t.Count(histories.Count - MaxCompactRows, CountedNoun.Series)), ("month", context.MonthName)),
                TextTone.Note);
        }
    }

    /// <summary>
    /// A compact row's trend: the cover's 12-month sparkline of the series, with a rank drawn upside down (negated),
    /// so that up means better in every row.
    /// </summary>
    private static Sparkline CompactTrend(BuildContext context, SeriesHistory history)
    {
        var trend = Trend(context, history) ?? new Sparkline([]);
        return history.Series.Direction == Metrics.Direction.LowerIsBetter ? new Sparkline([.. trend.Values.Select(v => -v)]) : trend;
    }

    /// <summary>A month's move as a table cell: "-9.6% (derived)", "up 3 places", "-2.1 points".</summary>
    private static string ChangeCell(BuildContext context, Series series, MonthMove move) =>
        ChangeText(context, series, move.Kind, move.Amount, FigureOrigin.Derived, move.Current.Approximate || move.Previous.Approximate, cell: true);

    /// <summary>A change in the series' own terms, signed for tables or as a bare size for sentences.</summary>
    private static string ChangeText(BuildContext context, Series series, ChangeKind kind, decimal amount, FigureOrigin origin, bool approximate, bool cell)
    {
        var (t, f) = (context.T, context.F);
        return kind switch
        {
            ChangeKind.Places => t.Format(Improved(series, amount) ? "change.places.up" : "change.places.down", ("places", f.Places(amount))),
            ChangeKind.Points => cell ? f.SignedPercentPoints(amount) : f.PercentPoints(amount),
            _ => cell
                ? f.Change(amount, origin, approximate) + (origin == FigureOrigin.Derived ? " " + f.DerivedMark : "")
                : f.ChangeMagnitude(amount, origin),
        };
    }

    /// <summary>True when a move of this sign is good news for the series (a falling rank number is).</summary>
    private static bool Improved(Series series, decimal amount) =>
        series.Direction == Metrics.Direction.LowerIsBetter ? amount < 0 : amount > 0;

    /// <summary>The verb of a move: climbed or slipped for a rank, rose or fell otherwise.</summary>
    private static string MoveVerb(BuildContext context, Series series, ChangeKind kind, decimal amount) =>
        kind == ChangeKind.Places
            ? context.T.Verb(Improved(series, amount) ? SeriesVerb.Climbed : SeriesVerb.Slipped, series)
            : context.T.Moved(amount < 0, series);

    private static string MergedVerbKey(Series series, ChangeKind kind, decimal amount) =>
        kind == ChangeKind.Places
            ? (Improved(series, amount) ? "merged.climbed" : "merged.slipped")
            : (amount < 0 ? "merged.fell" : "merged.rose");

    /// <summary>" (partial month: 17 of 30 days)" when the month's figure is made from an incomplete month.</summary>
    private static string PartialSuffix(BuildContext context, SeriesHistory history, Period period) =>
        history.RollupAt(period) is { Partial: true } rollup
            ? context.T.Format("finding.partial", ("days", rollup.DaysWithData.ToString(CultureInfo.InvariantCulture)), ("total", rollup.DaysInMonth.ToString(CultureInfo.InvariantCulture)))
            : "";

    /// <summary>
    /// The finding for the month's move of a series read by month, scored by how far the move lies outside the
    /// series' usual spread. Moves within the usual range are not findings.
    /// </summary>
    private static FindingCandidate? MonthMoveCandidate(BuildContext context, SeriesHistory history, string sectionTitle)
    {
        if (context.MoveOf(history) is not { } move || move.Amount == 0)
        {
            return null;
        }

        var significance = move.Significance;
        var featured = context.FeaturedRank(history.Series.Id) is not null;
        if (significance < NewsworthyZ && !featured)
        {
            return null;
        }

        var (t, f) = (context.T, context.F);
        var series = history.Series;
        var name = t.SeriesName(series);
        var period = move.Current.Period;
        var partial = PartialSuffix(context, history, period);
        var direction = MoveVerb(context, series, move.Kind, move.Amount);
        var text = move.Kind switch
        {
            ChangeKind.Places => t.Format(
                "finding.rank-move",
                ("series", name),
                ("direction", direction),
                ("places", f.Places(move.Amount)),
                ("rank", f.Level(move.Current.Value, series.Unit)),
                ("at", t.At(period)),
                ("partial", partial)),
            ChangeKind.Points => t.Format(
                "finding.points-move",
                ("series", name),
                ("direction", direction),
                ("points", f.PercentPoints(move.Amount)),
                ("level", f.LevelInSentence(move.Current.Value, series.Unit, move.Current.Approximate)),
                ("at", t.At(period)),
                ("partial", partial)),
            _ => t.Format(
                "finding.month-move",
                ("series", name),
                ("direction", direction),
                ("magnitude", f.ChangeMagnitude(move.Amount, move.Reported ? FigureOrigin.Reported : FigureOrigin.Derived)),
                ("month", context.MonthName),
                ("level", f.LevelInSentence(move.Current.Value, series.Unit, move.Current.Approximate)),
                ("origin", move.Reported ? "" : " " + f.DerivedMark),
                ("partial", partial)),
        };

        var score = 60 + (int)(8 * Math.Min(significance, 5d)) - (partial.Length > 0 ? 5 : 0);
        return new FindingCandidate(
            score,
            series.Id,
            text,
            new FindingGroup(series.Category + "|" + MergedVerbKey(series, move.Kind, move.Amount), MergedVerbKey(series, move.Kind, move.Amount), sectionTitle, name));
    }

    /// <summary>Tile detail of a month made from days: "Median, 30 of 30 days; Tranco".</summary>
    private static string RollupDetail(BuildContext context, MonthlyRollup rollup) =>
        context.T.Format(
            "tile.rollup",
            ("rule", context.T["rollup." + rollup.Rule.ToText()]),
            ("days", rollup.DaysWithData.ToString(CultureInfo.InvariantCulture)),
            ("total", rollup.DaysInMonth.ToString(CultureInfo.InvariantCulture)),
            ("partial", rollup.Partial ? context.T["rollup.partial"] : ""),
            ("source", rollup.ReportedBy));

    /// <summary>Says in Sources and methodology how a shown daily series' months were made.</summary>
    private static void AddRollupDerivation(BuildContext context, SeriesHistory history)
    {
        if (history.LatestLevel is not { } latest || history.RollupAt(latest.Period) is not { } rollup)
        {
            return;
        }

        var t = context.T;
        context.Derivations.Add(t.Format(
            "derivation.rollup",
            ("series", t.SeriesName(history.Series)),
            ("rule", t["rule." + rollup.Rule.ToText()]),
            ("month", t.Period(rollup.Month)),
            ("days", rollup.DaysWithData.ToString(CultureInfo.InvariantCulture)),
            ("total", rollup.DaysInMonth.ToString(CultureInfo.InvariantCulture)),
            ("partial", rollup.Partial ? t["rollup.partial"] : "")));
    }

    /// <summary>Findings that say the same about several series of a section, merged into one sentence.</summary>
    /// <remarks><see cref="WhatKey"/> names what the verb reached ("a new high", "year over year"), if anything.</remarks>
    internal sealed record FindingGroup(string Key, string VerbKey, string Section, string SeriesName, string? WhatKey = null);

    /// <summary>
    /// Merges candidates of one group (same section, same direction) when three or more of them are not featured:
    /// "4 series in Web traffic slipped in June 2024: a, b, c and d." The merged finding keeps the best score.
    /// </summary>
    private static List<FindingCandidate> MergeSimilar(BuildContext context, List<FindingCandidate> candidates)
    {
        var t = context.T;
        var result = new List<FindingCandidate>();
        var groups = candidates
            .Where(c => c.Group is not null && (c.SeriesId is null || context.FeaturedRank(c.SeriesId) is null))
            .GroupBy(c => c.Group!.Key)
            .Where(g => g.Count() >= 3)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.Score).ToList());

        // Membership by a set: a group of hundreds of series made List.Contains quadratic in the series.
        var grouped = groups.Values.SelectMany(m => m).ToHashSet();
        foreach (var candidate in candidates)
        {
            if (candidate.Group is null || !groups.TryGetValue(candidate.Group.Key, out var members) || !grouped.Contains(candidate))
            {
                result.Add(candidate);
                continue;
            }

            if (members[0] != candidate)
            {
                continue;
            }

            const int named = 4;
            var names = members.Take(named).Select(m => m.Group!.SeriesName).ToList();
            var list = string.Join(t.Comma, names.Take(names.Count - 1)) + t["merged.and"] + names[^1];
            if (members.Count > named)
            {
                list = string.Join(t.Comma, names) + t.AndMore(members.Count - named, CountedNoun.Series);
            }

            result.Add(new FindingCandidate(
                members[0].Score + 5,
                null,
                t.Format(
                    "finding.merged",
                    ("count", t.Count(members.Count, CountedNoun.Series)),
                    ("section", candidate.Group.Section),
                    ("direction", t[candidate.Group.VerbKey]),
                    ("what", candidate.Group.WhatKey is { } what ? t[what] : ""),
                    ("month", context.MonthName),
                    ("names", list))));
        }

        return result;
    }
}
