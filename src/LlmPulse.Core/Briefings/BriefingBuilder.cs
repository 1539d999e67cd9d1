using System.Globalization;
using LlmPulse.Briefings.Localization;
using LlmPulse.Jobs;
using LlmPulse.Metrics;
using Microsoft.Extensions.Options;

namespace LlmPulse.Briefings;

/// <summary>
/// Turns stored data into the briefing model: every figure and finding is computed here from observations, and
/// nothing here knows how it will be drawn. One Compose method per section, as the document reads. Every word
/// comes from the language's text table (<see cref="BriefingTexts"/>), every figure from its
/// <see cref="FigureFormatter"/>, so the editions differ in words only, never in figures.
/// </summary>
public sealed partial class BriefingBuilder
{
    /// <summary>The English title; other editions take theirs from <see cref="BriefingTexts"/> ("title").</summary>
    public const string Title = "LlmPulse monthly briefing";
    private const int MaxFindings = 5;
    private const int MinFindings = 3;

    /// <summary>What a featured series' finding gains, so it leads whenever it has news.</summary>
    private const int FeaturedBonus = 100;

    private readonly IReadOnlyList<string> _featured;

    /// <summary>A builder with the shipped settings (the seed story's featured series).</summary>
    public BriefingBuilder()
        : this(Options.Create(new BriefingOptions()))
    {
    }

    public BriefingBuilder(IOptions<BriefingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _featured = options.Value.FeaturedSeries;
    }

    /// <summary>Builds the briefing of <paramref name="data"/>'s month in one language.</summary>
    /// <param name="data">Every series and its observations as of the month end.</param>
    /// <param name="generatedAt">When the briefing is made (shown on the cover and in the PDF properties).</param>
    /// <param name="language">The edition: its words, month names and figure wording; the figures are the same.</param>
    /// <param name="previous">The last briefing made, if any, so the cover can say what arrived or was revised since.</param>
    public Briefing Build(BriefingData data, DateTimeOffset generatedAt, BriefingLanguage language = BriefingLanguage.English, PreviousBriefing? previous = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var context = new BuildContext(data, BriefingTexts.For(language), _featured);
        var t = context.T;
        var sections = new List<BriefingSection>
        {
            ComposeTraffic(context),
            ComposeIndexes(context),
            ComposeInvestment(context),
            ComposeSignals(context),
        };

        // Sources come last because they cite what the other sections showed.
        sections.Add(ComposeSourcesAndMethodology(context));
        AddSectionSummaries(context, sections);

        var month = data.Month;
        var monthName = t.MonthYear(month);
        var title = t["title"];
        return new Briefing(
            month,
            title,
            t.Format("subtitle", ("month", monthName)),
            context.DataAsOf,
            generatedAt,
            ComposeKeyFindings(context),
            sections,
            new BriefingDocumentInfo(
                t.Format("document.title", ("title", title), ("month", monthName)),
                t["document.author"],
                t.Format("document.subject", ("date", context.F.Date(month.LastDay))),
                t.Format("document.keywords", ("month", month.ToString()))),
            language,
            ComposeCover(context, previous));
    }

    private static IReadOnlyList<Finding> ComposeKeyFindings(BuildContext context)
    {
        var chosen = new List<FindingCandidate>();
        var perSeries = new Dictionary<string, int>(StringComparer.Ordinal);

        // The single largest move of the month is one finding, not one per series.
        var largest = context.Moves.OrderByDescending(m => Math.Abs(m.Percent)).FirstOrDefault();
        var candidates = context.Findings.ToList();
        if (largest is not null)
        {
            candidates.Add(new FindingCandidate(70 + (int)Math.Min(Math.Abs(largest.Percent), 20m), largest.SeriesId, largest.Text));
        }

        // Featured series lead whenever they have news; the rest say the same thing once for several series.
        candidates = MergeSimilar(context, candidates)
            .Select(c => c.SeriesId is { } id && context.FeaturedRank(id) is { } rank ? c with { Score = c.Score + FeaturedBonus - rank } : c)
            .ToList();

        foreach (var candidate in candidates.OrderByDescending(c => c.Score))
        {
            if (chosen.Count == MaxFindings)
            {
                break;
            }

            // At most two findings about one series, so the cover shows the breadth of the month.
            var count = candidate.SeriesId is null ? 0 : perSeries.GetValueOrDefault(candidate.SeriesId);
            if (count >= 2 || chosen.Any(c => c.Text == candidate.Text))
            {
                continue;
            }

            if (candidate.SeriesId is not null)
            {
                perSeries[candidate.SeriesId] = count + 1;
            }

            chosen.Add(candidate);
        }

        // Sparse months: the latest figure of a series not yet mentioned is still worth a line on the cover.
        var quiet = context.Histories
            .Where(h => h.Series.Category is SeriesCategory.Traffic or SeriesCategory.Index or SeriesCategory.Investment)
            .Where(h => h.LatestLevel is not null && !perSeries.ContainsKey(h.Series.Id))
            .OrderByDescending(h => h.LatestLevel!.Period);
        foreach (var history in quiet)
        {
            if (chosen.Count >= MinFindings)
            {
                break;
            }

            var level = history.LatestLevel!;
            var reported = history.LevelAt(level.Period)!;
            var t = context.T;
            chosen.Add(new FindingCandidate(0, history.Series.Id, t.Format(
                "finding.latest",
                ("series", t.SeriesName(history.Series)),
                ("was", t.Verb(SeriesVerb.Was, history.Series)),
                ("level", context.F.LevelInSentence(level.Value, history.Series.Unit, level.Approximate)),
                ("at", t.At(level.Period)),
                ("source", reported.ReportedBy))));
        }

        var coverage = context.CoverageSentence();
        if (chosen.Count < MinFindings && chosen.All(c => c.Text != coverage))
        {
            chosen.Add(new FindingCandidate(0, null, coverage));
        }

        return chosen.Select(c => new Finding(c.Text)).ToArray();
    }

    /// <summary>A candidate for the cover's key findings; the highest scores win.</summary>
    internal sealed record FindingCandidate(int Score, string? SeriesId, string Text, FindingGroup? Group = null);

    /// <summary>A change that happened in the briefing's month, for "largest move" findings.</summary>
    internal sealed record Move(string SeriesId, decimal Percent, string Text);

    /// <summary>What the section builders share: the histories, the citations, the finding candidates.</summary>
    internal sealed class BuildContext
    {
        private readonly Dictionary<string, int> _featured;
        private readonly Dictionary<SeriesHistory, MonthMove?> _moves = [];

        public BuildContext(BriefingData data, BriefingTexts texts, IReadOnlyList<string> featured)
        {
            _featured = featured.Select((id, i) => (id, i)).DistinctBy(p => p.id).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
            T = texts;
            F = texts.Figures;
            Month = data.Month;
            var asOf = data.Month.LastDay;
            var bySeries = data.Observations.ToLookup(o => o.SeriesId, StringComparer.Ordinal);
            var rollups = (data.Rollups ?? []).ToLookup(r => r.SeriesId, StringComparer.Ordinal);
            Histories = data.Series
                .OrderBy(s => s.Id, StringComparer.Ordinal)
                .Select(s => s.Frequency == Frequency.Daily
                    ? SeriesHistory.ForDaily(s, bySeries[s.Id].ToArray(), rollups[s.Id], asOf)
                    : new SeriesHistory(s, bySeries[s.Id], asOf))
                .ToArray();
            var latest = Histories.Select(h => h.LatestDate).OfType<DateOnly>().DefaultIfEmpty(asOf).Max();
            DataAsOf = latest;
        }

        /// <summary>The position of a series in Briefings:Featured, or null when it is not featured.</summary>
        public int? FeaturedRank(string seriesId) => _featured.TryGetValue(seriesId, out var rank) ? rank : null;

        /// <summary>The month's move of a series read by month (computed once), or null.</summary>
        public MonthMove? MoveOf(SeriesHistory history)
        {
            if (!_moves.TryGetValue(history, out var move))
            {
                move = ComputeMonthMove(history, Month);
                _moves[history] = move;
            }

            return move;
        }

        /// <summary>How much a series moved this month against its usual range; 0 without a month's move.</summary>
        public double Significance(SeriesHistory history) => MoveOf(history)?.Significance ?? 0d;

        /// <summary>The edition's words.</summary>
        public BriefingTexts T { get; }

        /// <summary>The edition's way of writing figures.</summary>
        public FigureFormatter F { get; }

        public BriefingMonth Month { get; }

        /// <summary>The briefing's month as this edition names it ("September 2023").</summary>
        public string MonthName => T.MonthYear(Month);

        /// <summary>The month's last day as this edition writes a date.</summary>
        public string MonthEnd => F.Date(Month.LastDay);

        public DateOnly DataAsOf { get; }

        public IReadOnlyList<SeriesHistory> Histories { get; }

        public List<FindingCandidate> Findings { get; } = [];

        public List<Move> Moves { get; } = [];

        /// <summary>Observations shown in the briefing, so Sources cites exactly what was used.</summary>
        public List<(Series Series, Observation Observation)> Cited { get; } = [];

        /// <summary>Derived figures shown, with how each was derived, for the methodology section.</summary>
        public List<string> Derivations { get; } = [];

        /// <summary>The series of a category, best documented first, so a section opens with its main series.</summary>
        public IEnumerable<SeriesHistory> InCategory(SeriesCategory category) =>
            Histories.Where(h => h.Series.Category == category).OrderByDescending(h => h.All.Count + h.Days.Count).ThenBy(h => h.Series.Id, StringComparer.Ordinal);

        public void Cite(SeriesHistory history, Observation observation)
        {
            if (!Cited.Any(c => c.Observation == observation))
            {
                Cited.Add((history.Series, observation));
            }
        }

        public void Cite(SeriesHistory history, Period period)
        {
            foreach (var o in history.All.Where(o => o.Period == period))
            {
                Cite(history, o);
            }
        }

        public bool InMonth(Period period) => period.End >= Month.FirstDay && period.End <= Month.LastDay;

        /// <summary>
        /// Score adjustment for how current a finding is: news of the month ranks first, and each month of age
        /// costs ten points, so a stale streak does not push out this month's moves.
        /// </summary>
        public int Freshness(Period period)
        {
            if (InMonth(period))
            {
                return 15;
            }

            var monthsOld = ((Month.Year * 12) + Month.Month) - ((period.End.Year * 12) + period.End.Month);
            return -10 * Math.Clamp(monthsOld, 0, 4);
        }

        /// <summary>The latest period a series of this frequency should have a figure for by the month end.</summary>
        public bool HasExpectedData(SeriesHistory history)
        {
            var latest = history.LatestPeriod;
            if (latest is null)
            {
                return false;
            }

            var end = Month.LastDay;
            var expectedEnd = history.Series.Frequency switch
            {
                Frequency.Quarterly => LastEndOnOrBefore(end, 3),
                Frequency.HalfYearly => LastEndOnOrBefore(end, 6),
                Frequency.Annual => LastEndOnOrBefore(end, 12),
                _ => Month.FirstDay,
            };
            return latest.Value.End >= expectedEnd;
        }

        public string CoverageSentence()
        {
            var withData = Histories.Count(HasExpectedData);
            return T.Format(
                "finding.coverage",
                ("withData", withData.ToString(CultureInfo.InvariantCulture)),
                ("total", Histories.Count.ToString(CultureInfo.InvariantCulture)),
                ("month", MonthName));
        }

        private static DateOnly LastEndOnOrBefore(DateOnly date, int months)
        {
            // Quarters, halves and years end in months divisible by their length.
            var candidate = new DateOnly(date.Year, date.Month, 1).AddMonths(1).AddDays(-1);
            while (candidate.Month % months != 0 || candidate > date)
            {
                candidate = new DateOnly(candidate.Year, candidate.Month, 1).AddDays(-1);
            }

            return candidate;
        }
    }
}
