using LlmPulse.Metrics;

namespace LlmPulse.Briefings;

/// <summary>A change against the previous period, reported by a source or derived by LlmPulse from two levels.</summary>
public sealed record PeriodChange(Period Period, decimal Percent, FigureOrigin Origin, bool Approximate, Observation? Reported)
{
    public bool IsDecline => Percent < 0;
}

/// <summary>A level at a point in time.</summary>
public sealed record LevelPoint(Period Period, decimal Value, bool Approximate);

/// <summary>Drawdown of the latest level from the highest level to date.</summary>
public sealed record Drawdown(LevelPoint Peak, LevelPoint Latest, decimal Percent)
{
    public bool AtPeak => Latest.Period == Peak.Period;
}

/// <summary>
/// The observations of one series as of a briefing's month end, with the figures the briefing computes from
/// them. Reported figures always win over derived ones.
/// </summary>
public sealed class SeriesHistory
{
    private readonly Dictionary<Period, Observation> _levels = [];
    private readonly Dictionary<Period, Observation> _changes = [];
    private readonly Dictionary<Period, Observation> _yoy = [];
    private IReadOnlyList<LevelPoint>? _levelPoints;
    private IReadOnlyList<PeriodChange>? _changePoints;
    private IReadOnlyList<Observation>? _yoyPoints;

    public SeriesHistory(Series series, IEnumerable<Observation> observations, DateOnly asOf)
    {
        Series = series;
        AsOf = asOf;
        foreach (var o in observations)
        {
            // The as-of rule lives here as well as in the store query, so no caller can leak later data.
            if (o.SeriesId != series.Id || o.Period.End > asOf)
            {
                continue;
            }

            var target = o.Measure switch
            {
                Measure.Level => _levels,
                Measure.ChangePct => _changes,
                _ => _yoy,
            };
            target[o.Period] = o;
            All.Add(o);
        }

        All.Sort((a, b) => a.Period.CompareTo(b.Period));
    }

    /// <summary>
    /// The history of a daily series as the briefing reads it: one level per month, its roll-up, and the days of the
    /// briefing's month beside it. Stored roll-ups win; months without one are rolled up from the days given.
    /// </summary>
    public static SeriesHistory ForDaily(Series series, IReadOnlyCollection<Observation> days, IEnumerable<MonthlyRollup> stored, DateOnly asOf)
    {
        var given = days.Where(o => o.SeriesId == series.Id && o.Period.End <= asOf).ToArray();
        var latest = given.Length == 0 ? DateOnly.MinValue : given.Max(o => o.Period.End);
        var byMonth = new Dictionary<Period, MonthlyRollup>();
        foreach (var rollup in stored)
        {
            if (rollup.SeriesId == series.Id && rollup.Month.End <= asOf)
            {
                byMonth[rollup.Month] = rollup;
            }
        }

        // Only months without a stored roll-up are rolled up here: a stored one wins, so computing it again from the
        // days was work thrown away for every series of every briefing.
        foreach (var month in given.Where(o => o.Period.Kind == PeriodKind.Day).Select(o => Period.Month(o.Period.End.Year, o.Period.End.Month)).Distinct())
        {
            if (!byMonth.ContainsKey(month) && MonthlyRollup.FromDays(series, month, given, latest >= month.End) is { } rolled)
            {
                byMonth[month] = rolled;
            }
        }

        var monthStart = new DateOnly(asOf.Year, asOf.Month, 1);
        var history = new SeriesHistory(series, byMonth.Values.Select(r => r.ToObservation()), asOf)
        {
            Days = given.Where(o => o.Period.Start >= monthStart).OrderBy(o => o.Period).ThenBy(o => o.Measure).ToArray(),
        };
        foreach (var (month, rollup) in byMonth)
        {
            history._rollups[month] = rollup;
        }

        return history;
    }

    private readonly Dictionary<Period, MonthlyRollup> _rollups = [];

    public Series Series { get; }

    public DateOnly AsOf { get; }

    /// <summary>Every observation as of the month end, oldest first; for a daily series, its monthly roll-ups.</summary>
    public List<Observation> All { get; } = [];

    /// <summary>The days of the briefing's month of a daily series (every measure), oldest first; empty otherwise.</summary>
    public IReadOnlyList<Observation> Days { get; private init; } = [];

    /// <summary>True for a daily series read as months.</summary>
    public bool IsRolledUp => Series.Frequency == Frequency.Daily;

    /// <summary>How a month's level was made from days, or null when it was reported as it is.</summary>
    public MonthlyRollup? RollupAt(Period period) => _rollups.GetValueOrDefault(period);

    /// <summary>The last day or period end with a figure: what "data as of" means for this series.</summary>
    public DateOnly? LatestDate
    {
        get
        {
            DateOnly? latest = All.Count == 0 ? null : RollupAt(All[^1].Period)?.LastDay ?? All[^1].Period.End;
            if (Days.Count > 0 && (latest is null || Days[^1].Period.End > latest))
            {
                latest = Days[^1].Period.End;
            }

            return latest;
        }
    }

    public bool IsEmpty => All.Count == 0 && Days.Count == 0;

    /// <summary>Levels, oldest first.</summary>
    /// <remarks>
    /// Computed once: the observations are fixed at construction, and the builder asks for the levels of every
    /// series many times (latest level, month move, records, drawdown), each a sort of the whole history before.
    /// </remarks>
    public IReadOnlyList<LevelPoint> Levels =>
        _levelPoints ??= _levels.Values.OrderBy(o => o.Period).Select(o => new LevelPoint(o.Period, o.Value, o.Approximate)).ToArray();

    public IReadOnlyList<Observation> YearOverYear => _yoyPoints ??= _yoy.Values.OrderBy(o => o.Period).ToArray();

    /// <summary>The newest period with any observation (a month's roll-up, or a day of the month without a level), or null.</summary>
    public Period? LatestPeriod
    {
        get
        {
            Period? latest = All.Count == 0 ? null : All[^1].Period;
            return Days.Count > 0 && (latest is null || Days[^1].Period.End > latest.Value.End) ? Days[^1].Period : latest;
        }
    }

    public LevelPoint? LatestLevel => Levels.LastOrDefault();

    public Observation? LevelAt(Period period) => _levels.GetValueOrDefault(period);

    /// <summary>The latest level whose period ends on or before <paramref name="date"/>.</summary>
    public LevelPoint? LevelAsOf(DateOnly date) => Levels.LastOrDefault(l => l.Period.End <= date);

    /// <summary>
    /// The change for a period: the reported one if there is one, else derived from this period's level and the
    /// previous period's level (regular series only: an irregular series has no "previous period").
    /// </summary>
    public PeriodChange? ChangeFor(Period period)
    {
        if (_changes.TryGetValue(period, out var reported))
        {
            return new PeriodChange(period, reported.Value, FigureOrigin.Reported, reported.Approximate, reported);
        }

        if (Series.Frequency == Frequency.Irregular
            || !_levels.TryGetValue(period, out var current)
            || !_levels.TryGetValue(period.Previous, out var previous)
            || previous.Value == 0)
        {
            return null;
        }

        var percent = ((current.Value - previous.Value) / previous.Value) * 100m;
        return new PeriodChange(period, percent, FigureOrigin.Derived, current.Approximate || previous.Approximate, null);
    }

    /// <summary>Every period with a change (reported or derived), oldest first; computed once, as <see cref="Levels"/>.</summary>
    public IReadOnlyList<PeriodChange> Changes =>
        _changePoints ??= _changes.Keys.Concat(_levels.Keys).Distinct().OrderBy(p => p)
            .Select(ChangeFor).OfType<PeriodChange>().ToArray();

    public PeriodChange? LatestChange => Changes.LastOrDefault();

    /// <summary>
    /// How many consecutive periods, ending with the latest change, moved in the same direction as it; with that
    /// direction. A run is broken by a missing period, so a gap never counts as part of a streak.
    /// </summary>
    public (int Length, bool Declining, Period Last)? Streak()
    {
        var changes = Changes;
        if (changes.Count == 0 || changes[^1].Percent == 0)
        {
            return null;
        }

        var last = changes[^1];
        var declining = last.IsDecline;
        var length = 1;
        for (var i = changes.Count - 2; i >= 0; i--)
        {
            var candidate = changes[i];
            if (candidate.Period != changes[i + 1].Period.Previous || candidate.Percent == 0 || candidate.IsDecline != declining)
            {
                break;
            }

            length++;
        }

        return (length, declining, last.Period);
    }

    /// <summary>Highest and lowest level among those whose period ends within [from, as-of].</summary>
    public (LevelPoint High, LevelPoint Low)? HighLow(DateOnly from)
    {
        var window = Levels.Where(l => l.Period.End >= from).ToArray();
        if (window.Length == 0)
        {
            return null;
        }

        // The earliest of equal highs and lows is the one reported first, which is what "reached" means.
        var high = window.Aggregate((a, b) => b.Value > a.Value ? b : a);
        var low = window.Aggregate((a, b) => b.Value < a.Value ? b : a);
        return (high, low);
    }

    /// <summary>Drawdown of the latest level from the highest level to date.</summary>
    public Drawdown? DrawdownFromPeak()
    {
        var levels = Levels;
        if (levels.Count == 0)
        {
            return null;
        }

        var peak = levels.Aggregate((a, b) => b.Value > a.Value ? b : a);
        var latest = levels[^1];
        if (peak.Value == 0)
        {
            return null;
        }

        return new Drawdown(peak, latest, ((latest.Value - peak.Value) / peak.Value) * 100m);
    }

    /// <summary>
    /// Change of the month-end level against the previous month-end level. Null when the series has no level in
    /// the month (the month-end level would only repeat an older figure) or none at or before the previous month end.
    /// </summary>
    public (LevelPoint Start, LevelPoint End, decimal Percent)? ChangeOverMonth(BriefingMonth month)
    {
        var end = LevelAsOf(month.LastDay);
        var start = LevelAsOf(month.Previous.LastDay);
        if (end is null || start is null || end.Period.End < month.FirstDay || start.Value == 0)
        {
            return null;
        }

        return (start, end, ((end.Value - start.Value) / start.Value) * 100m);
    }
}
