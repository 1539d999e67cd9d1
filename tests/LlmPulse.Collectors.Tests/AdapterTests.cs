using System.Globalization;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using LlmPulse.Testing;

namespace LlmPulse.Collectors.Tests;

/// <summary>Each adapter against a local server serving its source's documented shape, and every way a payload can be wrong.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AdapterTests(AzuriteServer azurite)
{
    public static IEnumerable<object[]> Failures =>
        from c in AdapterCase.All
        from kind in new[] { "bad-json", "empty-body", "html-page", "missing-field", "wrong-type", "number-for-date" }
        select new object[] { c.Name, kind };

    [Theory]
    [MemberData(nameof(AdapterCase.Names), MemberType = typeof(AdapterCase))]
    public async Task Each_adapter_turns_its_documented_payload_into_observations_with_provenance(string name)
    {
        var adapter = AdapterCase.Get(name);
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        adapter.Configure(harness, server);
        server.On(adapter.PayloadPath, adapter.Good);

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.True(run.Status == RunStatus.Succeeded, run.Error);
        Assert.Equal(adapter.GoodCount, run.Written);
        var reportedBy = harness.Catalog.Sources[adapter.SourceId].ReportedBy;
        var stored = await harness.ObservationsAsync(adapter.SeriesId);
        Assert.Equal(adapter.GoodCount, stored.Count);
        Assert.All(stored, o =>
        {
            Assert.Equal(reportedBy, o.ReportedBy);
            Assert.Equal(harness.Clock.Now, o.CollectedAt);
            Assert.False(o.Approximate);
            Assert.Equal(Measure.Level, o.Measure);
            Assert.False(string.IsNullOrWhiteSpace(o.Note));
        });
        var series = Assert.Single(await harness.Metrics.GetSeriesAsync(CancellationToken.None), s => s.Id == adapter.SeriesId);
        Assert.Equal(reportedBy, series.Source);
        Assert.All(server.Requests, r => Assert.Equal(harness.Options.UserAgent, r.UserAgent));
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_malformed_payload_is_rejected_whole_with_an_error_naming_the_source_and_the_fault(string name, string kind)
    {
        var adapter = AdapterCase.Get(name);
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        adapter.Configure(harness, server);
        var (payload, expected) = kind switch
        {
            "bad-json" => (FakeResponse.Json("""{"items": [ {"timestamp": "2023070100", """), "not valid JSON"),
            "empty-body" => (FakeResponse.Json(""), "body is empty"),
            "html-page" => (new FakeResponse(200, Payloads.HtmlErrorPage, "text/html; charset=utf-8"), "HTML page"),
            "missing-field" => (adapter.MissingField, "rejected the payload"),
            "wrong-type" => (adapter.WrongType, "rejected the payload"),
            _ => (adapter.NumberForDate, "rejected the payload"),
        };
        server.On(adapter.PayloadPath, payload);

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal(adapter.SourceId, run.Source);
        Assert.Contains(adapter.SeriesId, run.Error);
        Assert.Contains(expected, run.Error);
        Assert.Contains("nothing of it was written", run.Error);
        Assert.Equal(0, run.Written);
        Assert.Empty(await harness.ObservationsAsync(adapter.SeriesId));
        var recorded = Assert.Single(await harness.RunsAsync());
        Assert.Equal(run.Error, recorded.Error);
        Assert.Contains(harness.Logs.Lines, l => l.Message.Contains(adapter.SourceId, StringComparison.Ordinal) && l.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wikimedia_asks_whole_months_and_stores_monthly_views()
    {
        var adapter = AdapterCase.Get("wikimedia-pageviews");
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        adapter.Configure(harness, server);
        server.On(adapter.PayloadPath, adapter.Good);

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.Equal("2023-07..2023-09", run.PeriodsAsked);
        var stored = await harness.ObservationsAsync(adapter.SeriesId);
        Assert.Equal(["2023-07", "2023-08", "2023-09"], stored.Select(o => o.Period.ToString()));
        Assert.Equal([1_250_000m, 1_180_000m, 1_100_000m], stored.Select(o => o.Value));
    }

    [Fact]
    public async Task SimilarWeb_sends_the_documented_query_and_keeps_fractional_visits()
    {
        var adapter = AdapterCase.Get("similarweb");
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        adapter.Configure(harness, server);
        server.On(adapter.PayloadPath, adapter.Good);

        await harness.CollectAsync();

        var request = Assert.Single(server.Requests);
        // The key in a header, never in the URL.
        Assert.Equal(AdapterCase.SimilarWebKey, request.ApiKey);
        Assert.DoesNotContain(AdapterCase.SimilarWebKey, request.QueryString, StringComparison.Ordinal);
        Assert.Equal("2023-07", request.Query["start_date"]);
        Assert.Equal("2023-09", request.Query["end_date"]);
        Assert.Equal("monthly", request.Query["granularity"]);
        Assert.Equal("world", request.Query["country"]);
        Assert.Contains(await harness.ObservationsAsync(adapter.SeriesId), o => o.Period == Period.Month(2023, 8) && o.Value == 1_430_000_000.5m);
    }

    [Fact]
    public async Task SimilarWeb_reporting_an_error_with_status_200_fails_the_run()
    {
        var adapter = AdapterCase.Get("similarweb");
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        adapter.Configure(harness, server);
        server.On(adapter.PayloadPath, FakeResponse.Json("""{"meta":{"status":"Error","error_code":401,"error_message":"Data not found"}}"""));

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("Data not found", run.Error);
    }

    [Fact]
    public async Task Yahoo_dates_bars_in_the_exchange_zone_rounds_to_the_price_hint_and_skips_bars_without_a_close()
    {
        var adapter = AdapterCase.Get("yahoo-chart");
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        adapter.Configure(harness, server);
        server.On(adapter.PayloadPath, adapter.Good);

        await harness.CollectAsync();

        var stored = await harness.ObservationsAsync(adapter.SeriesId);
        Assert.Equal(["2023-09-29", "2023-10-03", "2023-10-04"], stored.Select(o => o.Period.ToString()));
        Assert.Equal([134.23m, 131.20m, 133.00m], stored.Select(o => o.Value));
        var request = Assert.Single(server.Requests);
        Assert.Equal("1d", request.Query["interval"]);
        Assert.Equal(new DateTimeOffset(2023, 9, 25, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), request.Query["period1"]);
    }

    [Fact]
    public async Task Yahoo_refuses_quotes_in_another_currency_than_the_series()
    {
        var adapter = AdapterCase.Get("yahoo-chart");
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        adapter.Configure(harness, server);
        server.On(adapter.PayloadPath, FakeResponse.Json(Payloads.Yahoo("BIDU", "HKD", ("2023-10-03", 131.2))));

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("quoted in HKD", run.Error);
    }

    [Fact]
    public async Task Eastmoney_looks_the_board_code_up_by_name_and_stores_closes_and_breadth()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        var adapter = AdapterCase.Get("eastmoney-board");
        adapter.Configure(harness, server);
        var source = harness.Catalog.Sources["eastmoney-board"];
        source.Series["index.cn.chatgpt_concept.rising"] = CollectorHarness.Series("Rising", "index", "stocks", "daily", ("Field", "rising"));
        source.Series["index.cn.chatgpt_concept.falling"] = CollectorHarness.Series("Falling", "index", "stocks", "daily", ("Field", "falling"));
        server.On(adapter.PayloadPath, adapter.Good);

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.True(run.Status == RunStatus.Succeeded, run.Error);
        var kline = Assert.Single(server.Requests, r => r.Path == adapter.PayloadPath);
        Assert.Equal("90.BK1156", kline.Query["secid"]);
        Assert.Equal("20230925", kline.Query["beg"]);
        Assert.Equal("101", kline.Query["klt"]);

        // The board list is read once per run, for all three series.
        Assert.Single(server.Requests, r => r.Path == "/api/qt/clist/get");
        Assert.Equal([1450.12m, 1432.50m, 1419.87m], (await harness.ObservationsAsync("index.cn.chatgpt_concept")).Select(o => o.Value));
        var rising = Assert.Single(await harness.ObservationsAsync("index.cn.chatgpt_concept.rising"));
        Assert.Equal((Period.Day(new DateOnly(2023, 9, 28)), 12m), (rising.Period, rising.Value));
        Assert.Equal(59m, Assert.Single(await harness.ObservationsAsync("index.cn.chatgpt_concept.falling")).Value);
    }

    [Fact]
    public async Task Eastmoney_fails_clearly_when_no_board_has_the_name()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        AdapterCase.Get("eastmoney-board").Configure(harness, server);
        harness.Catalog.Sources["eastmoney-board"].Parameters["BoardName"] = "不存在的概念";

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("no concept board named '不存在的概念'", run.Error);
        Assert.DoesNotContain(server.Requests, r => r.Path == "/api/qt/stock/kline/get");
    }

    [Fact]
    public async Task Yahoo_rejects_a_timestamp_no_date_can_hold()
    {
        var adapter = AdapterCase.Get("yahoo-chart");
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        adapter.Configure(harness, server);
        server.On(adapter.PayloadPath, FakeResponse.Json("""{"chart":{"result":[{"meta":{"currency":"USD","gmtoffset":-14400,"priceHint":2},"timestamp":[1e20],"indicators":{"quote":[{"close":[131.2]}]}}],"error":null}}"""));

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("expected a Unix time in seconds", run.Error);
    }
}
