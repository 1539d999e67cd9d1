using LlmPulse.Metrics;
using LlmPulse.Storage;
using LlmPulse.Testing;

namespace LlmPulse.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class MetricStoreTests(AzuriteServer azurite)
{
    private static readonly Series Daily = new("index.daily", SeriesCategory.Index, "Daily index", "points", Frequency.Daily, "Test");

    [Fact]
    public async Task Writes_more_than_one_batch_of_a_series_and_reads_a_date_range_back()
    {
        using var app = new TestApp(azurite.ConnectionString);
        var start = new DateOnly(2023, 1, 1);
        var observations = Enumerable.Range(0, 250)
            .Select(i => new Observation(Daily.Id, Period.Day(start.AddDays(i)), Measure.Level, 1000m + i + 0.25m, false, "Test", "", DateTimeOffset.UnixEpoch))
            .ToArray();

        var written = await app.Metrics.WriteObservationsAsync(observations, CancellationToken.None);
        var june = await app.Metrics.GetObservationsAsync(Daily.Id, new DateOnly(2023, 6, 1), new DateOnly(2023, 6, 30), CancellationToken.None);

        Assert.Equal(250, written);
        Assert.Equal(30, june.Count);
        Assert.Equal(Period.Day(new DateOnly(2023, 6, 1)), june[0].Period);
        Assert.Equal(1151.25m, june[0].Value);
    }

    [Fact]
    public async Task The_as_of_query_excludes_periods_ending_after_the_date()
    {
        using var app = new TestApp(azurite.ConnectionString);
        var series = new Series("traffic.x", SeriesCategory.Traffic, "X", "visits", Frequency.Irregular, "Test");
        await app.Metrics.WriteObservationsAsync(
            new[] { "2023-07-31", "2023-07", "2023-Q3", "2023-08-01", "2023" }
                .Select(p => new Observation(series.Id, Period.Parse(p), Measure.Level, 1, false, "Test", "", DateTimeOffset.UnixEpoch)),
            CancellationToken.None);

        var asOfJuly = await app.Metrics.GetObservationsAsync(series.Id, null, new DateOnly(2023, 7, 31), CancellationToken.None);

        Assert.Equal(["2023-07", "2023-07-31"], asOfJuly.Select(o => o.Period.ToString()).Order());
    }

    [Fact]
    public async Task Values_keep_their_reported_scale_through_storage()
    {
        using var app = new TestApp(azurite.ConnectionString);
        await app.Metrics.WriteObservationsAsync([new Observation("x.share", Period.Parse("2023-07"), Measure.Level, 27.0m, true, "S", "under 27%", DateTimeOffset.UnixEpoch)], CancellationToken.None);

        var back = Assert.Single(await app.Metrics.GetObservationsAsync("x.share", null, null, CancellationToken.None));

        Assert.Equal("27.0", back.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(back.Approximate);
        Assert.Equal("under 27%", back.Note);
    }

    [Fact]
    public async Task Unreachable_storage_is_reported_with_its_endpoint()
    {
        var port = AzuriteServer.FreePort();
        var options = StorageNames.Unique($"DefaultEndpointsProtocol=http;AccountName=nobody;AccountKey={Convert.ToBase64String(new byte[32])};TableEndpoint=http://127.0.0.1:{port}/nobody;BlobEndpoint=http://127.0.0.1:{port}/nobody;");
        using var app = new TestApp(options);

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => app.Metrics.GetSeriesAsync(CancellationToken.None));

        Assert.Contains($"127.0.0.1:{port}", error.Message);
    }
}
