using LlmPulse.Metrics;

namespace LlmPulse.Tests.Metrics;

public sealed class PeriodTests
{
    [Theory]
    [InlineData("2023-06-20", PeriodKind.Day, "2023-06-20", "2023-06-20")]
    [InlineData("2023-02", PeriodKind.Month, "2023-02-01", "2023-02-28")]
    [InlineData("2024-02", PeriodKind.Month, "2024-02-01", "2024-02-29")]
    [InlineData("2023-Q2", PeriodKind.Quarter, "2023-04-01", "2023-06-30")]
    [InlineData("2023-H2", PeriodKind.Half, "2023-07-01", "2023-12-31")]
    [InlineData("2023", PeriodKind.Year, "2023-01-01", "2023-12-31")]
    public void Parses_every_period_form_with_its_start_and_end(string text, PeriodKind kind, string start, string end)
    {
        var period = Period.Parse(text);

        Assert.Equal(kind, period.Kind);
        Assert.Equal(DateOnly.Parse(start), period.Start);
        Assert.Equal(DateOnly.Parse(end), period.End);
        Assert.Equal(text, period.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("2023-13")]
    [InlineData("2023-00")]
    [InlineData("2023-7")]
    [InlineData("2023-Q5")]
    [InlineData("2023-Q0")]
    [InlineData("2023-H3")]
    [InlineData("2023-02-30")]
    [InlineData("23")]
    [InlineData("July")]
    [InlineData("2023/07")]
    [InlineData("1899")]
    [InlineData(" 2023")]
    public void Rejects_what_is_not_a_period(string text) => Assert.False(Period.TryParse(text, out _));

    [Theory]
    [InlineData("2023-07", "2023-06")]
    [InlineData("2023-01", "2022-12")]
    [InlineData("2023-Q1", "2022-Q4")]
    [InlineData("2023-H1", "2022-H2")]
    [InlineData("2023", "2022")]
    [InlineData("2023-03-01", "2023-02-28")]
    public void Previous_is_the_period_of_the_same_kind_before(string text, string previous) =>
        Assert.Equal(Period.Parse(previous), Period.Parse(text).Previous);

    [Theory]
    [InlineData("2023-07", Frequency.Monthly, true)]
    [InlineData("2023-07-01", Frequency.Monthly, false)]
    [InlineData("2023-Q2", Frequency.Quarterly, true)]
    [InlineData("2023-06", Frequency.Quarterly, false)]
    [InlineData("2023-H1", Frequency.HalfYearly, true)]
    [InlineData("2023", Frequency.Annual, true)]
    [InlineData("2023-06-20", Frequency.Daily, true)]
    [InlineData("2023-02", Frequency.Irregular, true)]
    public void A_period_fits_only_its_frequency(string text, Frequency frequency, bool fits) =>
        Assert.Equal(fits, Period.Parse(text).Fits(frequency));

    [Fact]
    public void Periods_order_by_when_they_end()
    {
        var sorted = new[] { "2023-Q2", "2023-06-20", "2023-05", "2023" }.Select(Period.Parse).Order().Select(p => p.ToString());

        Assert.Equal(["2023-05", "2023-06-20", "2023-Q2", "2023"], sorted);
    }
}
