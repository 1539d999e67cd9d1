using System.Globalization;
using LlmPulse.Metrics;

namespace LlmPulse.Briefings;

/// <summary>
/// Turns stored data into the briefing model: every figure and finding is computed here from observations, and
/// nothing here knows how it will be drawn. One Compose method per section, as the document reads.
/// </summary>
public sealed partial class BriefingBuilder
{
    public const string Title = "LlmPulse monthly briefing";
    private const int MaxFindings = 5;
    private const int MinFindings = 3;

    public Briefing Build(BriefingData data, DateTimeOffset generatedAt)
    {
        var context = new BuildContext(data);
        var sections = new List<BriefingSection>
        {
            ComposeTraffic(context),
            ComposeIndexes(context),
            ComposeInvestment(context),
            ComposeSignals(context),
        };

        // Sources come last because they cite what the other sections showed.
        sections.Add(ComposeSourcesAndMethodology(context));

        var month = data.Month;
        return new Briefing(
            month,
            Title,
            $"The large-language-model market in {month.DisplayName}",
            context.DataAsOf,
            generatedAt,
            ComposeKeyFindings(context),
            sections,
            new BriefingDocumentInfo(
                $"{Title}: {month.DisplayName}",
                "LlmPulse",
                $"Web traffic of AI products, concept-sector index moves and AI investment totals as of {FigureFormat.Date(month.LastDay)}",
                "LLM, ChatGPT, AI traffic, concept index, AI investment, " + month));
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
            chosen.Add(new FindingCandidate(0, history.Series.Id, $"{history.Series.Name} was {FigureFormat.LevelInSentence(level.Value, history.Series.Unit, level.Approximate)} {At(level.Period)}, the latest figure reported by {reported.ReportedBy}."));
        }

        var coverage = context.CoverageSentence();
        if (chosen.Count < MinFindings && chosen.All(c => c.Text != coverage))
        {
            chosen.Add(new FindingCandidate(0, null, coverage));
        }

        return chosen.Select(c => new Finding(c.Text)).ToArray();
    }

    private static string Ordinal(int n) => n switch
    {
        2 => "second",
        3 => "third",
        4 => "fourth",
        5 => "fifth",
        6 => "sixth",
        7 => "seventh",
        8 => "eighth",
        9 => "ninth",
        10 => "tenth",
        _ => n.ToString(CultureInfo.InvariantCulture) + "th",
    };

    /// <summary>"on 20 Jun 2023" for a day, "in Jul 2023" for longer periods.</summary>
    private static string At(Period period) => (period.Kind == PeriodKind.Day ? "on " : "in ") + period.DisplayName;

    private static string PreviousWord(PeriodKind kind) => kind switch
    {
        PeriodKind.Day => "previous day",
        PeriodKind.Month => "previous month",
        PeriodKind.Quarter => "previous quarter",
        PeriodKind.Half => "previous half year",
        _ => "previous year",
    };

    private static string PeriodWord(PeriodKind kind, bool plural) => (kind, plural) switch
    {
        (PeriodKind.Day, false) => "day",
        (PeriodKind.Day, true) => "days",
        (PeriodKind.Month, false) => "month",
        (PeriodKind.Month, true) => "months",
        (PeriodKind.Quarter, false) => "quarter",
        (PeriodKind.Quarter, true) => "quarters",
        (PeriodKind.Half, false) => "half year",
        (PeriodKind.Half, true) => "half years",
        (_, false) => "year",
        _ => "years",
    };

    /// <summary>A candidate for the cover's key findings; the highest scores win.</summary>
    internal sealed record FindingCandidate(int Score, string? SeriesId, string Text);

    /// <summary>A change that happened in the briefing's month, for "largest move" findings.</summary>
    internal sealed record Move(string SeriesId, decimal Percent, string Text);

    /// <summary>What the section builders share: the histories, the citations, the finding candidates.</summary>
    internal sealed class BuildContext
    {
        public BuildContext(BriefingData data)
        {
            Month = data.Month;
            var asOf = data.Month.LastDay;
            var bySeries = data.Observations.ToLookup(o => o.SeriesId, StringComparer.Ordinal);
            Histories = data.Series
                .OrderBy(s => s.Id, StringComparer.Ordinal)
                .Select(s => new SeriesHistory(s, bySeries[s.Id], asOf))
                .ToArray();
            var latest = Histories.Where(h => !h.IsEmpty).Select(h => h.LatestPeriod!.Value.End).DefaultIfEmpty(asOf).Max();
            DataAsOf = latest;
        }

        public BriefingMonth Month { get; }

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
            Histories.Where(h => h.Series.Category == category).OrderByDescending(h => h.All.Count).ThenBy(h => h.Series.Id, StringComparer.Ordinal);

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
            return $"{withData} of {Histories.Count} tracked series have a figure for {Month.DisplayName} or its latest complete period; the rest are listed as gaps under Sources and methodology.";
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
