using LlmPulse.Briefings;
using LlmPulse.Jobs;
using LlmPulse.Metrics;
using Microsoft.Extensions.Options;

namespace LlmPulse.Tests.Briefings;

/// <summary>
/// Findings beyond a month's move, over generated daily data from January 2022: a new high or low of the stored
/// history, a move that turns a run of months, a move against a year earlier. Each is worded in the series' own
/// unit and ranks with the rest by the series' own volatility.
/// </summary>
public sealed class MonthFindingsTests
{
    private static readonly DateTimeOffset GeneratedAt = new(2024, 7, 1, 7, 0, 0, TimeSpan.Zero);
    private static readonly BriefingMonth June = BriefingMonth.Parse("2024-06");
    private static readonly DateOnly First = new(2022, 1, 1);

    private static Series Daily(string id, string unit) => new(id, SeriesCategory.Traffic, id + " name", unit, Frequency.Daily, "Gen");

    /// <summary>Every day from January 2022 to June 2024 at its month's level; month 0 is January 2022.</summary>
    private static IEnumerable<Observation> Days(Series series, Func<int, decimal> monthLevel)
    {
        for (var d = First; d <= June.LastDay; d = d.AddDays(1))
        {
            var month = ((d.Year - First.Year) * 12) + d.Month - 1;
            yield return new Observation(series.Id, Period.Day(d), Measure.Level, monthLevel(month), false, "Gen", "", GeneratedAt);
        }
    }

    private static IReadOnlyList<string> Findings(IReadOnlyList<Series> series, IEnumerable<Observation> observations, BriefingLanguage language = BriefingLanguage.English, BriefingBuilder? builder = null) =>
        (builder ?? new BriefingBuilder()).Build(new BriefingData(June, series, observations.ToArray()), GeneratedAt, language).KeyFindings.Select(f => f.Text).ToArray();

    /// <summary>Month 29 is June 2024.</summary>
    private const int JuneIndex = 29;

    [Fact]
    public void A_random_walk_that_tops_its_history_reports_a_new_high_against_the_previous_one()
    {
        var random = new Random(2024);
        var levels = new decimal[JuneIndex + 1];
        levels[0] = 10_000;
        for (var i = 1; i < JuneIndex; i++)
        {
            levels[i] = levels[i - 1] + random.Next(-200, 201);
        }

        var previousHigh = Enumerable.Range(0, JuneIndex).MaxBy(i => levels[i]);
        levels[JuneIndex] = levels[previousHigh] + 500;
        var users = Daily("traffic.walk.users", "users");

        var findings = Findings([users], Days(users, m => levels[m]));

        var highMonth = Period.Month(2022 + (previousHigh / 12), (previousHigh % 12) + 1).DisplayName;
        var high = Assert.Single(findings, f => f.Contains("a new high", StringComparison.Ordinal));
        Assert.StartsWith("traffic.walk.users name reached a new high of ", high, StringComparison.Ordinal);
        Assert.Contains(" in Jun 2024, the highest of 30 months on record and ", high, StringComparison.Ordinal);
        Assert.Contains($"above the previous high in {highMonth} (derived).", high, StringComparison.Ordinal);

        // The record tells the month's move; the plain "rose ... in June 2024" sentence would only repeat it.
        Assert.DoesNotContain(findings, f => f.StartsWith("traffic.walk.users name rose", StringComparison.Ordinal) && f.Contains("in June 2024, to", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rank_that_turns_after_four_months_of_slipping_is_a_reversal_in_places_in_both_editions()
    {
        // 7th and 8th by turns for two years, then four months of slipping to 14th, and June back up to 9th.
        var tail = new Dictionary<int, decimal> { [25] = 10, [26] = 11, [27] = 12, [28] = 14, [29] = 9 };
        var rank = Daily("traffic.turn.rank", "rank");
        var days = Days(rank, m => tail.GetValueOrDefault(m, 7 + (m % 2))).ToArray();

        var english = Findings([rank], days);
        var arabic = Findings([rank], days, BriefingLanguage.Arabic);

        Assert.Contains("traffic.turn.rank name climbed 5 places to 9th in Jun 2024, ending a run of 4 months in which it slipped.", english);
        Assert.DoesNotContain(english, f => f.Contains('%', StringComparison.Ordinal));
        Assert.DoesNotContain("traffic.turn.rank name climbed 5 places to 9th in Jun 2024.", english);
        Assert.Contains(arabic, f => f.Contains("بعد 4 أشهر من التراجع على التوالي", StringComparison.Ordinal) && f.Contains("مراكز", StringComparison.Ordinal));
    }

    [Fact]
    public void A_share_well_above_a_year_earlier_reports_the_years_move_in_points()
    {
        // A rise of a point a month on average, with moves of +2.6 and -0.6 points by turns: a year adds 12 points,
        // well beyond what twelve such months give by chance.
        var share = Daily("traffic.trend.share", "percent");
        var days = Days(share, m => 20m + m + (m % 2 == 1 ? 0.8m : -0.8m)).ToArray();

        var english = Findings([share], days);
        var arabic = Findings([share], days, BriefingLanguage.Arabic);

        var yoy = Assert.Single(english, f => f.Contains("year over year", StringComparison.Ordinal));
        Assert.StartsWith("traffic.trend.share name rose 12.0 points year over year, to ", yoy, StringComparison.Ordinal);
        Assert.EndsWith(" in Jun 2024 against Jun 2023.", yoy, StringComparison.Ordinal);
        Assert.DoesNotContain(english, f => f.Contains('%', StringComparison.Ordinal) && !f.Contains("% in Jun 2024", StringComparison.Ordinal) && !f.Contains("% in May", StringComparison.Ordinal));
        Assert.Contains(arabic, f => f.Contains("على أساس سنوي", StringComparison.Ordinal) && f.Contains("نقطة مئوية", StringComparison.Ordinal));
    }

    [Fact]
    public void Several_series_at_a_new_high_are_one_finding_and_a_featured_one_keeps_its_own()
    {
        var series = Enumerable.Range(1, 5).Select(i => Daily($"traffic.h{i}.users", "users")).ToArray();
        var builder = new BriefingBuilder(Options.Create(new BriefingOptions { Featured = [series[0].Id] }));
        var observations = series.SelectMany((s, i) => Days(s, m => m == JuneIndex ? 2_000 + (i * 10) : 1_000 + (m % 3 * 10)));

        var findings = Findings(series, observations, builder: builder);
        var arabic = Findings(series, observations, BriefingLanguage.Arabic, builder);

        Assert.StartsWith("traffic.h1.users name reached a new high of ", findings[0], StringComparison.Ordinal);
        Assert.Single(arabic, f => f.StartsWith("سجّلت 4 سلاسل في قسم حركة المرور على الويب قممًا جديدة في يونيو 2024: ", StringComparison.Ordinal));
        var merged = Assert.Single(findings, f => f.StartsWith("4 series in Web traffic reached a new high in June 2024: ", StringComparison.Ordinal));
        Assert.DoesNotContain("traffic.h1.users", merged, StringComparison.Ordinal);
        Assert.True(findings.Count <= 5);
    }

    [Fact]
    public void A_series_going_nowhere_has_no_record_no_reversal_and_no_years_move()
    {
        var users = Daily("traffic.flat.users", "users");

        var findings = Findings([users], Days(users, m => 5_000 + (m % 2 * 100)));

        Assert.DoesNotContain(findings, f => f.Contains("on record", StringComparison.Ordinal) || f.Contains("ending a run", StringComparison.Ordinal) || f.Contains("year over year", StringComparison.Ordinal));
    }

    [Fact]
    public void A_partial_month_of_a_total_is_no_new_low_and_no_fall_against_a_year_earlier()
    {
        // Visits add up over a month: June with 10 of its 30 days is a third of a month, not a collapse.
        var visits = Daily("traffic.partial.visits", "visits");
        var days = Days(visits, m => 1_000 + (m % 2 * 20)).Where(o => o.Period.End <= new DateOnly(2024, 6, 10));

        var findings = Findings([visits], days);

        Assert.DoesNotContain(findings, f => f.Contains("new low", StringComparison.Ordinal) || f.Contains("year over year", StringComparison.Ordinal) || f.Contains("ending a run", StringComparison.Ordinal));
    }
}
