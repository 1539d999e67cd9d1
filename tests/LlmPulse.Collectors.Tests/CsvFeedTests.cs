using LlmPulse.Metrics;
using LlmPulse.Storage;
using LlmPulse.Testing;

namespace LlmPulse.Collectors.Tests;

/// <summary>The csv-feed adapter: any CSV with a configured column mapping, as a user brings licensed data.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CsvFeedTests(AzuriteServer azurite)
{
    private const string Column = "Global total private investment in AI";
    private const string SeriesId = "investment.ai.private.world";

    [Fact]
    public async Task An_annual_csv_in_the_shape_of_the_public_ai_investment_download_is_filtered_to_the_world_rows()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Configure(server);
        server.On("/grapher/ai.csv", FakeResponse.Csv(Payloads.OwidCsv(Column,
            ("China", 2021, "17210000000"),
            ("World", 2019, "62330000000"),
            ("World", 2020, "75580000000"),
            ("World", 2021, "1.2518E+11"),
            ("World", 2022, "103400000000"),
            ("World", 2023, ""))));

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.True(run.Status == RunStatus.Succeeded, run.Error);
        var stored = await harness.ObservationsAsync(SeriesId);
        Assert.Equal(["2019", "2020", "2021", "2022"], stored.Select(o => o.Period.ToString()));
        Assert.Equal(125_180_000_000m, stored.Single(o => o.Period == Period.Year(2021)).Value);
        Assert.Equal("2019..2022", run.PeriodsAsked);
        Assert.Equal("v=1", Assert.Single(server.Requests).QueryString.TrimStart('?'));
    }

    [Fact]
    public async Task Licensed_quarterly_totals_map_by_period_column_with_a_multiplier()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        var source = harness.AddSource("cb-insights", "csv-feed", server.Url, "CB Insights", group: "investment", since: "2023-01-01");
        source.Parameters["Path"] = "/exports/ai-funding.csv";
        source.Series["investment.ai.global"] = CollectorHarness.Series("Global AI investment", "investment", "USD", "quarterly",
            ("DateColumn", "quarter"), ("DateFormat", "period"), ("ValueColumn", "funding_usd_bn"), ("Multiplier", "1000000000"));
        server.On("/exports/ai-funding.csv", FakeResponse.Csv("quarter,deals,funding_usd_bn\n2023-Q1,1200,\"22.5\"\n2023-Q2,1100,14.0\n"));

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.True(run.Status == RunStatus.Succeeded, run.Error);
        Assert.Equal([22_500_000_000m, 14_000_000_000m], (await harness.ObservationsAsync("investment.ai.global")).Select(o => o.Value));
    }

    [Theory]
    [InlineData("Entity,Code,Year,Global total private investment in AI\nWorld,OWID_WRL,2021,\"1.2\n", "not valid CSV")]
    [InlineData("Entity,Code,Year,Other column\nWorld,OWID_WRL,2021,1\n", "no column 'Global total private investment in AI'")]
    [InlineData("Entity,Code,Year,Global total private investment in AI\nWorld,OWID_WRL,2021,12 billion\n", "'12 billion' is not a number")]
    [InlineData("Entity,Code,Year,Global total private investment in AI\nWorld,OWID_WRL,2021,12\nWorld,OWID_WRL,21,13\n", "'21' is not a date as yyyy")]
    [InlineData("Entity,Code,Year,Global total private investment in AI\nWorld,OWID_WRL,2020,12\nWorld,OWID_WRL,2021\n", "line 3 has 3 fields")]
    [InlineData("Entity,Code,Year,Global total private investment in AI\nWorld,OWID_WRL,2021,12\nWorld,OWID_WRL,2021,13\n", "a second value for 2021")]
    [InlineData("", "body is empty")]
    [InlineData(Payloads.HtmlErrorPage, "HTML page")]
    public async Task A_malformed_csv_is_rejected_whole(string body, string expected)
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Configure(server);
        server.On("/grapher/ai.csv", FakeResponse.Csv(body));

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains(expected, run.Error);
        Assert.Empty(await harness.ObservationsAsync(SeriesId));
    }

    [Theory]
    [InlineData("\r\n", true)]
    [InlineData("\r\n", false)]
    [InlineData("\n", true)]
    public async Task A_bom_crlf_and_quoted_line_breaks_read_like_a_plain_file(string newline, bool bom)
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Configure(server);
        var body = ("Entity,Code,Year,Global total private investment in AI\n"
            + "\"World\nwide\",X,2019,1\n"
            + "World,OWID_WRL,2020,75580000000\n"
            + "\"World\",\"OWID\nWRL\",2021,\"1.2518E+11\"\n").Replace("\n", newline, StringComparison.Ordinal);
        server.On("/grapher/ai.csv", FakeResponse.Csv((bom ? "\uFEFF" : "") + body));

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.True(run.Status == RunStatus.Succeeded, run.Error);
        Assert.Equal([75_580_000_000m, 125_180_000_000m], (await harness.ObservationsAsync(SeriesId)).Select(o => o.Value));
    }

    [Fact]
    public async Task A_million_row_feed_is_refused_where_it_passes_the_row_limit_and_nothing_is_stored()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Configure(server);
        var body = new System.Text.StringBuilder("Entity,Code,Year,Global total private investment in AI\n", 24_000_000);
        for (var i = 0; i < 1_000_000; i++)
        {
            body.Append("World,OWID_WRL,2021,12\n");
        }

        server.On("/grapher/ai.csv", FakeResponse.Csv(body.ToString()));

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("the CSV, line 200002, column 1: expected at most 200,000 rows after the header", run.Error);
        Assert.Empty(await harness.ObservationsAsync(SeriesId));
    }

    private CollectorHarness Configure(FakeSourceServer server)
    {
        var harness = new CollectorHarness(azurite.ConnectionString);
        var source = harness.AddSource("ai-investment", "csv-feed", server.Url, "Our World in Data (AI Index)", group: "investment", since: "2019-01-01");
        source.Parameters["Path"] = "/grapher/ai.csv?v=1";
        source.Parameters["DateColumn"] = "Year";
        source.Parameters["DateFormat"] = "yyyy";
        source.Parameters["FilterColumn"] = "Entity";
        source.Parameters["FilterValue"] = "World";
        source.Series[SeriesId] = CollectorHarness.Series("Global private investment in AI", "investment", "USD", "annual", ("ValueColumn", Column));
        return harness;
    }
}
