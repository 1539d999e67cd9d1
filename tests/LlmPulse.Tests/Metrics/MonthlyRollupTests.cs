using LlmPulse.Import;
using LlmPulse.Metrics;

namespace LlmPulse.Tests.Metrics;

/// <summary>How a month is made from days, for each rule, with gaps, spikes and partial months.</summary>
public sealed class MonthlyRollupTests
{
    private static readonly Period June = Period.Month(2024, 6);

    private static Series Daily(string unit) => new("x." + unit, SeriesCategory.Traffic, "X", unit, Frequency.Daily, "S");

    private static Observation Day(int day, decimal value, bool approximate = false) =>
        new("x", Period.Day(new DateOnly(2024, 6, day)), Measure.Level, value, approximate, "S", "", DateTimeOffset.UnixEpoch);

    private static Observation[] Days(params decimal[] values) => values.Select((v, i) => Day(i + 1, v)).ToArray();

    [Theory]
    [InlineData("visits", MonthRule.Sum)]
    [InlineData("views", MonthRule.Sum)]
    [InlineData("rank", MonthRule.Median)]
    [InlineData("percent", MonthRule.Mean)]
    [InlineData("points", MonthRule.Last)]
    [InlineData("USD", MonthRule.Last)]
    [InlineData("stocks", MonthRule.Last)]
    public void Each_unit_has_a_sensible_default_rule(string unit, MonthRule expected) =>
        Assert.Equal(expected, Daily(unit).MonthRule);

    [Fact]
    public void Ranks_are_better_lower_and_shares_and_ranks_are_not_told_in_percent()
    {
        Assert.Equal(Direction.LowerIsBetter, Daily("rank").Direction);
        Assert.Equal(Direction.HigherIsBetter, Daily("visits").Direction);
        Assert.False(Daily("rank").PercentChange);
        Assert.False(Daily("percent").PercentChange);
        Assert.True(Daily("points").PercentChange);
    }

    [Fact]
    public void Sum_adds_the_days_last_takes_the_last_mean_averages_median_takes_the_middle()
    {
        var days = Days(10, 20, 30, 1000);
        Assert.Equal(1060m, Rollup("visits", days).Value);
        Assert.Equal(1000m, Rollup("points", days).Value);
        Assert.Equal(265m, Rollup("percent", days).Value);
        Assert.Equal(25m, Rollup("rank", days).Value);
    }

    [Fact]
    public void A_one_day_spike_moves_the_mean_but_not_the_median_of_a_rank()
    {
        var days = Enumerable.Range(1, 30).Select(d => Day(d, d == 15 ? 900 : 7)).ToArray();
        Assert.Equal(7m, Rollup("rank", days).Value);
        Assert.Equal(36.8m, Rollup("percent", days).Value);
    }

    [Fact]
    public void A_mean_keeps_one_decimal_more_than_the_days_not_thirty()
    {
        var rollup = Rollup("percent", Days(27.1m, 27.2m, 27.2m));
        Assert.Equal("27.17", rollup.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Gaps_are_counted_as_days_without_data_and_a_month_is_partial_until_a_later_day_exists()
    {
        var days = new[] { Day(1, 5), Day(2, 6), Day(10, 7) };
        var rollup = MonthlyRollup.FromDays(Daily("points"), June, days, complete: false)!;
        Assert.Equal(3, rollup.DaysWithData);
        Assert.Equal(30, rollup.DaysInMonth);
        Assert.True(rollup.Partial);
        Assert.Equal(new DateOnly(2024, 6, 10), rollup.LastDay);
        Assert.False(MonthlyRollup.FromDays(Daily("points"), June, days, complete: true)!.Partial);
    }

    [Fact]
    public void An_approximate_day_makes_the_month_approximate_and_a_month_without_days_has_no_rollup()
    {
        Assert.True(MonthlyRollup.FromDays(Daily("visits"), June, [Day(1, 5), Day(2, 6, approximate: true)], true)!.Approximate);
        Assert.Null(MonthlyRollup.FromDays(Daily("visits"), Period.Month(2024, 7), [Day(1, 5)], true));
    }

    [Fact]
    public void Every_month_of_a_random_walk_is_rolled_up_and_only_the_last_one_is_partial()
    {
        var random = new Random(14);
        var value = 1000m;
        var days = new List<Observation>();
        for (var date = new DateOnly(2024, 1, 1); date <= new DateOnly(2024, 6, 17); date = date.AddDays(1))
        {
            value += random.Next(-20, 21);
            days.Add(new Observation("x", Period.Day(date), Measure.Level, value, false, "S", "", DateTimeOffset.UnixEpoch));
        }

        var rollups = MonthlyRollup.FromDays(Daily("points"), days, days[^1].Period.End).ToArray();

        Assert.Equal(["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"], rollups.Select(r => r.Month.ToString()));
        Assert.Equal([false, false, false, false, false, true], rollups.Select(r => r.Partial));
        Assert.Equal(days.Where(d => d.Period.End.Month == 3).Last().Value, rollups[2].Value);
        Assert.Equal(29, rollups[1].DaysWithData);
        Assert.Equal(17, rollups[5].DaysWithData);
    }

    [Fact]
    public void Series_csv_declares_the_rule_direction_and_percent_meaning_or_takes_the_units_defaults()
    {
        var data = SeedFiles.Parse(
            "id,category,name,unit,frequency,source,month_rule,direction,percent_change\n"
            + "traffic.a,traffic,A,rank,daily,S,mean,neutral,true\n"
            + "traffic.b,traffic,B,rank,daily,S,,,\n",
            "series,period,measure,value,approximate,reported_by,note\n",
            [],
            DateTimeOffset.UnixEpoch);

        Assert.Equal((MonthRule.Mean, Direction.Neutral, true), (data.Series[0].MonthRule, data.Series[0].Direction, data.Series[0].PercentChange));
        Assert.Equal((MonthRule.Median, Direction.LowerIsBetter, false), (data.Series[1].MonthRule, data.Series[1].Direction, data.Series[1].PercentChange));
    }

    [Fact]
    public void An_unknown_month_rule_is_a_clear_error_naming_the_line_and_the_rules()
    {
        var error = Assert.Throws<ImportException>(() => SeedFiles.Parse(
            "id,category,name,unit,frequency,source,month_rule\ntraffic.a,traffic,A,visits,daily,S,average\n",
            "series,period,measure,value,approximate,reported_by,note\n",
            [],
            DateTimeOffset.UnixEpoch));

        Assert.Equal(
            "series.csv, line 2, column 7 (month_rule): expected how a month is made from days, one of sum, last, mean, median (or empty for the unit's default); got 'average'",
            Assert.Single(error.Errors).ToString());
    }

    private static MonthlyRollup Rollup(string unit, Observation[] days) =>
        MonthlyRollup.FromDays(Daily(unit), June, days, complete: true)!;
}
