using LlmPulse.Testing;

namespace LlmPulse.Functions.Tests;

/// <summary>The stored data over HTTP: JSON, CSV that imports again, and every bad input answered without a 500.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SeriesApiTests(AzuriteServer azurite)
{
    private static async Task<HttpAnswer> ObservationsAsync(FunctionsApp app, string id, string query = "?code=k", string? accept = null)
    {
        var request = app.Request("GET", $"/api/series/{id}/observations", query);
        if (accept is not null)
        {
            request.Headers.Accept = accept;
        }

        return await FunctionsApp.SendAsync(request, await app.Function<SeriesApi>().Observations(request, id));
    }

    [Fact]
    public async Task Series_are_listed_with_their_definition()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();
        var request = app.Request("GET", "/api/series");

        var answer = await FunctionsApp.SendAsync(request, await app.Function<SeriesApi>().List(request));

        var series = Assert.Single(answer.Json().GetProperty("series").EnumerateArray());
        Assert.Equal("traffic.test.visits.world", series.GetProperty("id").GetString());
        Assert.Equal("monthly", series.GetProperty("frequency").GetString());
        Assert.Equal("traffic", series.GetProperty("category").GetString());
    }

    [Fact]
    public async Task Observations_come_as_json_within_the_range_asked()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();

        var answer = await ObservationsAsync(app, "traffic.test.visits.world", "?code=k&from=2023-06&to=2023-07");

        Assert.Equal(200, answer.Status);
        var observations = answer.Json().GetProperty("observations").EnumerateArray().ToArray();
        Assert.Equal(["2023-06", "2023-07"], observations.Select(o => o.GetProperty("period").GetString()));
        Assert.Equal(1500000000m, observations[1].GetProperty("value").GetDecimal());
        Assert.True(observations[1].GetProperty("approximate").GetBoolean());
        Assert.Equal("Test Analytics", observations[1].GetProperty("reportedBy").GetString());
    }

    [Fact]
    public async Task Observations_come_as_csv_in_the_seed_shape_when_asked()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();

        var answer = await ObservationsAsync(app, "traffic.test.visits.world", accept: "text/csv");

        Assert.Equal("text/csv", answer.MediaType);
        var lines = answer.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("series,period,measure,value,approximate,reported_by,note", lines[0]);
        Assert.Equal("traffic.test.visits.world,2023-07,level,1500000000,true,Test Analytics,About 1.5 billion visits", lines[^1]);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public async Task An_unknown_series_is_not_found()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();

        Api.AssertProblem(await ObservationsAsync(app, "traffic.nothing"), 404, "urn:llmpulse:problem:unknown-series");
    }

    [Theory]
    [InlineData("..%2F..%2Fx")]
    [InlineData("Traffic.Test")]
    [InlineData("a b")]
    [InlineData("x'or'1")]
    public async Task Ids_that_could_not_be_a_series_are_bad_requests(string id)
    {
        using var app = FunctionsApp.OnAzurite(azurite);

        Api.AssertProblem(await ObservationsAsync(app, id), 400, "urn:llmpulse:problem:bad-parameter");
    }

    [Theory]
    [InlineData("?code=k&from=2023-13")]
    [InlineData("?code=k&from=yesterday")]
    [InlineData("?code=k&from=2023-08&to=2023-06")]
    [InlineData("?code=k&from=2000&to=2023")]
    public async Task Bad_or_too_long_ranges_are_bad_requests(string query)
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();

        Api.AssertProblem(await ObservationsAsync(app, "traffic.test.visits.world", query), 400, "urn:llmpulse:problem:bad-request");
    }
}
