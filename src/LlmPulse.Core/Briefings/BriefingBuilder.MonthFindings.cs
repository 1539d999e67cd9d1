using LlmPulse.Briefings.Localization;
using LlmPulse.Metrics;

namespace LlmPulse.Briefings;

public sealed partial class BriefingBuilder
{
    /// <summary>Months of history before the briefing's month that a new high or low must beat to be news.</summary>
    private const int RecordMinMonths = 12;

    /// <summary>Months in a row one way that a move the other way must end to be a reversal.</summary>
    private const int ReversalMinRun = 3;

    /// <summary>A reversal is news at a smaller move than a plain move: turning is the news, the size adds to it.</summary>
    private const double ReversalMinZ = 1.0;

    /// <summary>
    /// The findings of a series read by month beyond a plain month-over-month move: a new high or low over the
    /// whole stored history, a reversal of a run of months, and a move against the same month a year earlier. Every
    /// one is scored by the same yardstick as the month's move (its size against the spread of the series' last
    /// 12 monthly moves), so all of them rank together with the streaks and moves of other series.
    /// </summary>
    /// <remarks>
    /// A record, a reversal and the plain move all tell this month's move; only the one that says most is kept, so
    /// a series does not take two findings for one story. The year-over-year move is a different story and stands
    /// on its own when it lies outside the spread a year of such moves would give.
    /// </remarks>
    private static void AddMonthFindings(BuildContext context, SeriesHistory history, string sectionTitle, bool plainMove = true, bool highs = true)
    {
        if (context.MoveOf(history) is not { } move)
        {
            return;
        }

        // A partial month of a total (visits so far) is smaller than any whole month: it is no new low, no turn
        // and no fall against a year earlier, only a month still being counted.
        var comparable = history.RollupAt(move.Current.Period) is not { Partial: true, Rule: MonthRule.Sum };
        FindingCandidate?[] month =
        [
            plainMove ? MonthMoveCandidate(context, history, sectionTitle) : null,
            comparable ? RecordCandidate(context, history, move, sectionTitle, highs) : null,
            comparable ? ReversalCandidate(context, history, move, sectionTitle) : null,
        ];
        if (month.OfType<FindingCandidate>().OrderByDescending(c => c.Score).FirstOrDefault() is { } best)
        {
            context.Findings.Add(best);
        }

        if (comparable && YearOverYearCandidate(context, history, move, sectionTitle) is { } yearOverYear)
        {
            context.Findings.Add(yearOverYear);
        }
    }

    /// <summary>
    /// The month's level is the highest or lowest of at least <see cref="RecordMinMonths"/> months before it. Its
    /// significance is the newsworthy threshold plus the margin over the previous record in units of the usual
    /// monthly move: a record is news by itself, a record by a wide margin more so.
    /// </summary>
    private static FindingCandidate? RecordCandidate(BuildContext context, SeriesHistory history, MonthMove move, string sectionTitle, bool highs)
    {
        var current = move.Current;
        var before = history.Levels.Where(l => l.Period.End < current.Period.Start).ToArray();
        if (before.Length < RecordMinMonths || move.Spread is not { } spread)
        {
            return null;
        }

        var high = before.Aggregate((a, b) => b.Value >= a.Value ? b : a);
        var low = before.Aggregate((a, b) => b.Value <= a.Value ? b : a);
        var isHigh = current.Value > high.Value;
        var isLow = current.Value < low.Value;
        if (!isHigh && !isLow)
        {
            return null;
        }

        var series = history.Series;
        var kind = move.Kind;
        if (isHigh && !highs)
        {
            return null;
        }

        var previous = isHigh ? high : low;
        var margin = kind == ChangeKind.Percent
            ? (previous.Value == 0 ? (decimal?)null : (current.Value - previous.Value) / Math.Abs(previous.Value) * 100m)
            : current.Value - previous.Value;
        if (margin is not { } amount)
        {
            return null;
        }

        var significance = NewsworthyZ + Math.Min(Math.Abs((double)amount) / Math.Max(spread, 1e-9), 3.5d);

        var (t, f) = (context.T, context.F);
        var name = t.SeriesName(series);
        var partial = PartialSuffix(context, history, current.Period);
        // A rank's best month is its lowest number, told as its best place rather than a new low.
        var rank = kind == ChangeKind.Places;
        var best = rank ? Improved(series, amount) : isHigh;
        var (key, verb, mergedKey) = (rank, best) switch
        {
            (true, true) => ("finding.record-best-rank", SeriesVerb.Climbed, "merged.record-best-rank"),
            (true, false) => ("finding.record-worst-rank", SeriesVerb.Slipped, "merged.record-worst-rank"),
            (false, true) => ("finding.record-high", SeriesVerb.Reached, "merged.record-high"),
            _ => ("finding.record-low", SeriesVerb.Fell, "merged.record-low"),
        };
        var text = t.Format(
            key,
            ("series", name),
            ("direction", t.Verb(verb, series)),
            ("level", rank ? f.Level(current.Value, series.Unit) : f.LevelInSentence(current.Value, series.Unit, current.Approximate)),
            ("at", t.At(current.Period)),
            ("months", t.CountAfterPreposition(before.Length + 1, CountedNoun.Month)),
            ("margin", BareAmount(context, kind, amount)),
            ("atPrevious", t.At(previous.Period)),
            ("origin", kind == ChangeKind.Percent ? " " + f.DerivedMark : ""),
            ("partial", partial));
        var score = 64 + (int)(8 * Math.Min(significance, 5d)) - (partial.Length > 0 ? 5 : 0);
        return new FindingCandidate(score, series.Id, text, new FindingGroup(series.Category + "|" + mergedKey, mergedKey, sectionTitle, name, mergedKey.Replace("merged.", "merged.what.", StringComparison.Ordinal)));
    }

    /// <summary>
    /// The month moved against a run of at least <see cref="ReversalMinRun"/> months that all went the other way.
    /// Scored by the move against the series' usual spread, plus a little for a longer run turned.
    /// </summary>
    private static FindingCandidate? ReversalCandidate(BuildContext context, SeriesHistory history, MonthMove move, string sectionTitle)
    {
        if (move.Amount == 0 || move.Z is not { } z || z < ReversalMinZ)
        {
            return null;
        }

        var kind = move.Kind;
        var sign = Math.Sign(move.Amount);
        var run = 0;
        for (var p = move.Current.Period.Previous; MonthAmount(history, kind, p) is { } before && Math.Sign(before) == -sign; p = p.Previous)
        {
            run++;
        }

        if (run < ReversalMinRun)
        {
            return null;
        }

        var (t, f) = (context.T, context.F);
        var series = history.Series;
        var name = t.SeriesName(series);
        var current = move.Current;
        var partial = PartialSuffix(context, history, current.Period);
        var verb = MoveVerb(context, series, kind, move.Amount);
        var runVerb = kind == ChangeKind.Places
            ? (Improved(series, move.Amount) ? "reversal.slipped" : "reversal.climbed")
            : (move.Amount < 0 ? "reversal.rose" : "reversal.fell");
        var text = t.Format(
            "finding.reversal",
            ("series", name),
            ("direction", verb),
            ("amount", SentenceAmount(context, kind, move.Amount, move.Reported)),
            ("level", kind == ChangeKind.Places ? f.Level(current.Value, series.Unit) : f.LevelInSentence(current.Value, series.Unit, current.Approximate)),
            ("at", t.At(current.Period)),
            ("origin", kind == ChangeKind.Percent && !move.Reported ? " " + f.DerivedMark : ""),
            ("run", t.CountAfterPreposition(run, CountedNoun.Month)),
            ("before", t[runVerb]),
            ("partial", partial));
        var mergedKey = "merged.reversal." + MergedVerbKey(series, kind, move.Amount)["merged.".Length..];
        var score = 62 + (int)(8 * Math.Min(z, 5d)) + (2 * Math.Min(run, 6)) - (partial.Length > 0 ? 5 : 0);
        return new FindingCandidate(score, series.Id, text, new FindingGroup(series.Category + "|" + mergedKey, mergedKey, sectionTitle, name, mergedKey.Replace("merged.", "merged.what.", StringComparison.Ordinal)));
    }

    /// <summary>
    /// The month against the same month a year earlier. Over twelve months a series wanders further than in one,
    /// by about the square root of twelve times its usual monthly move if its moves are independent, so the year's
    /// move is scaled by that before it is compared with the newsworthy threshold.
    /// </summary>
    private static FindingCandidate? YearOverYearCandidate(BuildContext context, SeriesHistory history, MonthMove move, string sectionTitle)
    {
        var current = move.Current;
        if (move.Spread is not { } spread || YearOverYear(history, current.Period) is not { } yearAgo)
        {
            return null;
        }

        var kind = move.Kind;
        var amount = kind == ChangeKind.Percent ? (current.Value - yearAgo.Value) / Math.Abs(yearAgo.Value) * 100m : current.Value - yearAgo.Value;
        if (amount == 0)
        {
            return null;
        }

        var z = Math.Abs((double)amount) / Math.Max(spread * Math.Sqrt(12d), 1e-9);
        if (z < NewsworthyZ)
        {
            return null;
        }

        var (t, f) = (context.T, context.F);
        var series = history.Series;
        var name = t.SeriesName(series);
        var partial = PartialSuffix(context, history, current.Period);
        var text = t.Format(
            "finding.yoy",
            ("series", name),
            ("direction", MoveVerb(context, series, kind, amount)),
            ("amount", SentenceAmount(context, kind, amount, reported: false)),
            ("level", kind == ChangeKind.Places ? f.Level(current.Value, series.Unit) : f.LevelInSentence(current.Value, series.Unit, current.Approximate)),
            ("at", t.At(current.Period)),
            ("yearAgo", t.Period(yearAgo.Period)),
            ("origin", kind == ChangeKind.Percent ? " " + f.DerivedMark : ""),
            ("partial", partial));
        var mergedKey = "merged.yoy." + MergedVerbKey(series, kind, amount)["merged.".Length..];
        var score = 56 + (int)(8 * Math.Min(z, 5d)) - (partial.Length > 0 ? 5 : 0);
        return new FindingCandidate(score, series.Id, text, new FindingGroup(series.Category + "|" + mergedKey, mergedKey, sectionTitle, name, mergedKey.Replace("merged.", "merged.what.", StringComparison.Ordinal)));
    }

    /// <summary>A month's move in the series' own terms (percent, places or points), as the month-move finding measures it.</summary>
    private static decimal? MonthAmount(SeriesHistory history, ChangeKind kind, Period period)
    {
        if (kind == ChangeKind.Percent)
        {
            return history.ChangeFor(period)?.Percent;
        }

        return history.LevelAt(period) is { } now && history.LevelAt(period.Previous) is { } before ? now.Value - before.Value : null;
    }

    /// <summary>A move's size inside a sentence with a verb: "9.6%" ("بنسبة 9.6%"), "3 places" ("بمقدار 3 مراكز"), "2.1 points".</summary>
    private static string SentenceAmount(BuildContext context, ChangeKind kind, decimal amount, bool reported) => kind switch
    {
        ChangeKind.Percent => context.T.Format("amount.percent", ("amount", context.F.ChangeMagnitude(amount, reported ? FigureOrigin.Reported : FigureOrigin.Derived))),
        ChangeKind.Places => context.T.Format("amount.places", ("amount", BareAmount(context, kind, amount))),
        _ => context.T.Format("amount.points", ("amount", BareAmount(context, kind, amount))),
    };

    /// <summary>A difference's size without a sign or a preposition: "4.2%", "3 places", "2.1 points".</summary>
    private static string BareAmount(BuildContext context, ChangeKind kind, decimal amount) => kind switch
    {
        ChangeKind.Places => context.F.Places(amount),
        ChangeKind.Points => context.F.PercentPoints(amount),
        _ => context.F.ChangeMagnitude(amount, FigureOrigin.Derived),
    };
}
