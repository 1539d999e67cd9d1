using LlmPulse.Import;
using LlmPulse.Metrics;

namespace LlmPulse.Tests.Import;

public sealed class SeedFilesTests
{
    private const string SeriesHeader = "id,category,name,unit,frequency,source\n";
    private const string ObservationsHeader = "series,period,measure,value,approximate,reported_by,note\n";

    private const string TwoSeries = SeriesHeader
        + "traffic.x.visits,traffic,X visits,visits,monthly,SimilarWeb\n"
        + "index.x,index,X index,points,daily,Choice\n";

    private static readonly DateTimeOffset Now = new(2023, 10, 1, 0, 0, 0, TimeSpan.Zero);

    private static ImportError ParseFails(string series, string observations)
    {
        var error = Assert.Throws<ImportException>(() => SeedFiles.Parse(series, observations, [], Now));
        return Assert.Single(error.Errors);
    }

    [Fact]
    public void Reads_valid_files_keeping_the_reported_precision_and_provenance()
    {
        var data = SeedFiles.Parse(
            TwoSeries,
            ObservationsHeader + "index.x,2023-06-20,level,1818.68,false,Choice,peak\ntraffic.x.visits,2023-07,level,27.0,true,SimilarWeb,\"under 27, says the source\"\n",
            [],
            Now);

        Assert.Equal(2, data.Series.Count);
        var index = data.Observations[0];
        Assert.Equal(1818.68m, index.Value);
        Assert.Equal("Choice", index.ReportedBy);
        var share = data.Observations[1];
        Assert.Equal("27.0", share.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(share.Approximate);
        Assert.Equal("under 27, says the source", share.Note);
        Assert.Equal(Now, share.CollectedAt);
    }

    [Fact]
    public void Unknown_series_is_named_with_file_line_and_column()
    {
        var error = ParseFails(TwoSeries, ObservationsHeader + "traffic.x.visits,2023-07,level,1,false,S,\ntraffic.y,2023-07,level,1,false,S,\n");

        Assert.Equal(("observations.csv", 3, 1, "series"), (error.File, error.Line, error.Column, error.ColumnName));
        Assert.Contains("'traffic.y' is unknown", error.Expected);
    }

    [Fact]
    public void A_period_that_does_not_fit_the_frequency_says_what_the_series_expects()
    {
        var error = ParseFails(TwoSeries, ObservationsHeader + "traffic.x.visits,2023-07-01,level,1,false,S,\n");

        Assert.Equal((2, 2), (error.Line, error.Column));
        Assert.Contains("a month, YYYY-MM", error.Expected);
        Assert.Contains("2023-07-01", error.Expected);
    }

    [Fact]
    public void A_malformed_period_is_rejected()
    {
        var error = ParseFails(TwoSeries, ObservationsHeader + "index.x,2023-02-30,level,1,false,S,\n");

        Assert.Equal("period", error.ColumnName);
    }

    [Fact]
    public void Unknown_measure_lists_the_known_ones()
    {
        var error = ParseFails(TwoSeries, ObservationsHeader + "traffic.x.visits,2023-07,mom,1,false,S,\n");

        Assert.Equal((3, "measure"), (error.Column, error.ColumnName));
        Assert.Contains("level, change_pct, yoy_pct", error.Expected);
    }

    [Theory]
    [InlineData("1.5 billion")]
    [InlineData("1,500")]
    [InlineData("")]
    [InlineData("9.7%")]
    [InlineData("NaN")]
    public void A_value_that_is_not_an_invariant_number_is_rejected(string value)
    {
        var error = ParseFails(TwoSeries, ObservationsHeader + $"traffic.x.visits,2023-07,level,\"{value}\",false,S,\n");

        Assert.Equal((4, "value"), (error.Column, error.ColumnName));
    }

    [Fact]
    public void Approximate_must_be_true_or_false()
    {
        var error = ParseFails(TwoSeries, ObservationsHeader + "traffic.x.visits,2023-07,level,1,about,S,\n");

        Assert.Equal("approximate", error.ColumnName);
    }

    [Fact]
    public void Provenance_is_required()
    {
        var error = ParseFails(TwoSeries, ObservationsHeader + "traffic.x.visits,2023-07,level,1,false,,\n");

        Assert.Equal("reported_by", error.ColumnName);
    }

    [Fact]
    public void A_missing_column_is_named()
    {
        var error = ParseFails(TwoSeries, "series,period,measure,value,approximate,note\n");

        Assert.Equal(("observations.csv", 1, "reported_by"), (error.File, error.Line, error.ColumnName));
    }

    [Fact]
    public void A_duplicate_observation_names_the_line_it_repeats()
    {
        var error = ParseFails(TwoSeries, ObservationsHeader + "traffic.x.visits,2023-07,level,1,false,S,\ntraffic.x.visits,2023-07,level,2,false,S,\n");

        Assert.Equal(3, error.Line);
        Assert.Contains("line 2", error.Expected);
    }

    [Fact]
    public void A_duplicate_series_id_is_rejected()
    {
        var error = ParseFails(TwoSeries + "index.x,index,Again,points,daily,Choice\n", ObservationsHeader);

        Assert.Equal(("series.csv", 4, "id"), (error.File, error.Line, error.ColumnName));
    }

    [Theory]
    [InlineData("traffic.x,web,X,visits,monthly,S", "category")]
    [InlineData("traffic.x,traffic,X,visits,weekly,S", "frequency")]
    [InlineData("Traffic/X,traffic,X,visits,monthly,S", "id")]
    [InlineData("traffic.x,traffic,,visits,monthly,S", "name")]
    public void Bad_series_rows_name_the_column(string row, string column)
    {
        var error = ParseFails(SeriesHeader + row + "\n", ObservationsHeader);

        Assert.Equal(column, error.ColumnName);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_is_rejected()
    {
        var error = ParseFails(TwoSeries, ObservationsHeader + "traffic.x.visits,2023-07,level,1\n");

        Assert.Contains("7 fields", error.Expected);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var error = Assert.Throws<ImportException>(() => SeedFiles.Parse(
            TwoSeries,
            ObservationsHeader + "nope,2023-07,level,1,false,S,\ntraffic.x.visits,2023-07,level,x,false,S,\n",
            [],
            Now));

        Assert.Equal(2, error.Errors.Count);
        Assert.Contains("observations.csv, line 2, column 1 (series)", error.Message);
        Assert.Contains("observations.csv, line 3, column 4 (value)", error.Message);
    }

    [Fact]
    public void Observations_may_refer_to_series_already_stored()
    {
        var stored = new Series("traffic.x.visits", SeriesCategory.Traffic, "X", "visits", Frequency.Monthly, "S");

        var data = SeedFiles.Parse(SeriesHeader, ObservationsHeader + "traffic.x.visits,2023-07,level,1,false,S,\n", [stored], Now);

        Assert.Single(data.Observations);
    }

    [Fact]
    public void The_repository_seeds_are_valid_and_carry_every_article_figure()
    {
        var root = LlmPulse.Testing.AzuriteServer.RepositoryRoot;
        var data = SeedFiles.Parse(
            File.ReadAllText(Path.Combine(root, "seeds", "series.csv")),
            File.ReadAllText(Path.Combine(root, "seeds", "observations.csv")),
            [],
            Now);

        // One row per figure in the seed article's figure list; "56 of 71" and the USD 2-14 million range are two rows each.
        Assert.Equal(37, data.Observations.Count);
        Assert.Contains(data.Observations, o => o.SeriesId == "index.cn.chatgpt_concept" && o.Value == 1818.68m && o.Period == Period.Parse("2023-06-20"));
        Assert.All(data.Observations, o => Assert.False(string.IsNullOrWhiteSpace(o.ReportedBy)));
    }
}
