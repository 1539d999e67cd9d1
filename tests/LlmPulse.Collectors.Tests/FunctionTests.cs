using System.Diagnostics;
using System.Security.Cryptography;
using LlmPulse.Functions;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Collectors.Tests;

/// <summary>
/// The collector functions called directly, as the Functions worker calls them: timers and POST /api/collect queue
/// one message per source on a real Azurite queue, and CollectSource (or the same handler draining the queue
/// in-process) does the work.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionTests(AzuriteServer azurite)
{
    private const string RanksPath = "/api/ranks/domain/chatgpt.com";

    [Fact]
    public async Task Each_timer_collects_the_sources_of_its_group_only()
    {
        await using var traffic = await FakeSourceServer.StartAsync();
        await using var indexes = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        AddTranco(harness, traffic);
        AdapterCase.Get("yahoo-chart").Configure(harness, indexes);
        traffic.On(RanksPath, FakeResponse.Json(Payloads.Tranco("chatgpt.com", ("2023-10-04", 28))));
        indexes.On("/v8/finance/chart/BIDU", FakeResponse.Json(Payloads.Yahoo("BIDU", "USD", ("2023-10-04", 133.0))));

        await harness.Function<CollectTraffic>().Run(new TimerInfo(), CancellationToken.None);
        Assert.Empty(traffic.Requests);
        Assert.Equal(RunStatus.Queued, Assert.Single(await harness.RunsAsync()).Status);
        await DrainAsync(harness);

        Assert.Single(traffic.Requests);
        Assert.Empty(indexes.Requests);
        var run = Assert.Single(await harness.RunsAsync());
        Assert.Equal(("tranco", "traffic", "timer", RunStatus.Succeeded), (run.Source, run.Group, run.Trigger, run.Status));

        harness.Clock.Now = harness.Clock.Now.AddHours(2);
        await harness.Function<CollectIndexes>().Run(new TimerInfo(), CancellationToken.None);
        await harness.Function<CollectInvestment>().Run(new TimerInfo(), CancellationToken.None);
        await DrainAsync(harness);

        Assert.Single(indexes.Requests);
        Assert.Equal(["yahoo-chart", "tranco"], (await harness.RunsAsync()).Select(r => r.Source));
    }

    [Fact]
    public async Task A_timer_run_with_a_failed_source_logs_an_error_that_says_how_to_rerun_it()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        AddTranco(harness, server);
        server.On(RanksPath, new FakeResponse(500, ""));

        await harness.Function<CollectTraffic>().Run(new TimerInfo(), CancellationToken.None);
        var queue = harness.Services.GetRequiredService<CollectQueue>();
        await queue.DrainAsync((message, token) => harness.Function<CollectSource>().Run(CollectQueue.Serialize(message), token), CancellationToken.None);

        var error = Assert.Single(harness.Logs.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Error && l.Category.StartsWith("LlmPulse", StringComparison.Ordinal));
        Assert.Contains("POST /api/collect/{source}", error.Message);
        Assert.Contains("tranco", error.Message);
    }

    [Fact]
    public async Task Post_collect_answers_202_at_once_and_the_work_completes_from_the_queue()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        AddTranco(harness, server);
        server.On(RanksPath, FakeResponse.Json(Payloads.Tranco("chatgpt.com", ("2023-09-30", 31), ("2023-10-01", 30), ("2023-10-02", 29), ("2023-10-03", 28), ("2023-10-04", 28))));

        server.On(RanksPath, FakeResponse.Json(Payloads.Tranco("chatgpt.com", ("2023-09-30", 31), ("2023-10-01", 30), ("2023-10-02", 29), ("2023-10-03", 28), ("2023-10-04", 28))) with { Delay = TimeSpan.FromSeconds(2) });

        // The source takes two seconds to answer; the request does not wait for it.
        var request = harness.Request("POST", "/api/collect/tranco", "from=2023-10-01&to=2023-10-03");
        var clock = Stopwatch.StartNew();
        var accepted = await CollectorHarness.SendAsync(request, await harness.Function<CollectNow>().Run(request, "tranco"));
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"POST /api/collect took {clock.Elapsed}");
        Assert.Equal(202, accepted.Status);
        Assert.Empty(server.Requests);
        var id = accepted.Json.GetProperty("runId").GetString()!;
        Assert.Equal("queued", accepted.Json.GetProperty("status").GetString());
        Assert.Equal($"https://llmpulse.example/api/runs/{id}", request.HttpContext.Response.Headers.Location.ToString());
        Assert.Equal("queued", Assert.Single(accepted.Json.GetProperty("runs").EnumerateArray()).GetProperty("status").GetString());

        await DrainAsync(harness);

        var follow = harness.Request("GET", "/api/runs/" + id);
        var answer = await CollectorHarness.SendAsync(follow, await harness.Function<GetRun>().Run(follow, id));
        Assert.Equal(200, answer.Status);
        Assert.StartsWith("application/json", answer.ContentType);
        Assert.Equal("finished", answer.Json.GetProperty("status").GetString());
        var run = Assert.Single(answer.Json.GetProperty("runs").EnumerateArray());
        Assert.Equal("tranco", run.GetProperty("source").GetString());
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal("http", run.GetProperty("trigger").GetString());
        Assert.Equal("2023-10-01..2023-10-03", run.GetProperty("periodsAsked").GetString());
        Assert.Equal(3, run.GetProperty("written").GetInt32());
        Assert.Equal(0, answer.Json.GetProperty("failed").GetInt32());
        Assert.Equal(["2023-10-01", "2023-10-02", "2023-10-03"], (await harness.ObservationsAsync("traffic.chatgpt.tranco_rank")).Select(o => o.Period.ToString()));
    }

    [Fact]
    public async Task Post_collect_without_a_source_runs_them_all_and_reports_a_skipped_one()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        AddTranco(harness, server);
        AdapterCase.Get("similarweb").Configure(harness, server);
        harness.Catalog.Sources["similarweb"].ApiKey = "";
        server.On(RanksPath, FakeResponse.Json(Payloads.Tranco("chatgpt.com", ("2023-10-04", 28))));

        var request = harness.Request("POST", "/api/collect");
        var accepted = await CollectorHarness.SendAsync(request, await harness.Function<CollectNow>().Run(request, null));
        Assert.Equal(202, accepted.Status);
        var id = accepted.Json.GetProperty("runId").GetString()!;
        await DrainAsync(harness);

        // A message delivered twice (the queue promises at least once) does not collect twice.
        await harness.Services.GetRequiredService<CollectQueue>().SendAsync(new CollectMessage(id, "tranco", null, null, "http"), null, CancellationToken.None);
        await DrainAsync(harness);
        Assert.Single(server.Requests);

        var follow = harness.Request("GET", "/api/runs/" + id);
        var answer = await CollectorHarness.SendAsync(follow, await harness.Function<GetRun>().Run(follow, id));
        Assert.Equal(200, answer.Status);
        var runs = answer.Json.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal(["similarweb", "tranco"], runs.Select(r => r.GetProperty("source").GetString()));
        Assert.Equal(("skipped", "disabled: no API key"), (runs[0].GetProperty("status").GetString(), runs[0].GetProperty("reason").GetString()));
    }

    [Theory]
    [InlineData("nosuch", "", 404, "urn:llmpulse:problem:unknown-source")]
    [InlineData("tranco", "from=2023-13-01", 400, "urn:llmpulse:problem:bad-date")]
    [InlineData("tranco", "from=2023-10-05&to=2023-10-01", 400, "urn:llmpulse:problem:bad-date")]
    public async Task Post_collect_answers_problems_for_an_unknown_source_or_bad_dates(string source, string query, int status, string type)
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        AddTranco(harness, server);

        var request = harness.Request("POST", "/api/collect/" + source, query);
        var answer = await CollectorHarness.SendAsync(request, await harness.Function<CollectNow>().Run(request, source));

        Assert.Equal(status, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType);
        Assert.Equal(type, answer.Json.GetProperty("type").GetString());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Get_runs_lists_the_latest_runs_newest_first()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        AddTranco(harness, server);
        server.On(RanksPath, FakeResponse.Json(Payloads.Tranco("chatgpt.com", ("2023-10-04", 28))));
        await harness.CollectAsync();
        harness.Clock.Now = harness.Clock.Now.AddHours(1);
        server.On(RanksPath, new FakeResponse(500, ""));
        await harness.CollectAsync();

        var request = harness.Request("GET", "/api/runs", "limit=5");
        var answer = await CollectorHarness.SendAsync(request, await harness.Function<ListRuns>().Run(request));

        Assert.Equal(200, answer.Status);
        var runs = answer.Json.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal(["failed", "succeeded"], runs.Select(r => r.GetProperty("status").GetString()));
        Assert.Contains("HTTP 500", runs[0].GetProperty("error").GetString());
        Assert.True(runs[0].GetProperty("started").GetDateTimeOffset() > runs[1].GetProperty("started").GetDateTimeOffset());

        var one = harness.Request("GET", "/api/runs", "limit=1&source=tranco");
        Assert.Single((await CollectorHarness.SendAsync(one, await harness.Function<ListRuns>().Run(one))).Json.GetProperty("runs").EnumerateArray());
        var bad = harness.Request("GET", "/api/runs", "limit=0");
        Assert.Equal(400, (await CollectorHarness.SendAsync(bad, await harness.Function<ListRuns>().Run(bad))).Status);
    }

    [Fact]
    public async Task Get_runs_answers_503_when_storage_is_unreachable()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var port = AzuriteServer.FreePort();
        using var harness = new CollectorHarness($"DefaultEndpointsProtocol=http;AccountName=nobody;AccountKey={key};TableEndpoint=http://127.0.0.1:{port}/nobody;BlobEndpoint=http://127.0.0.1:{port}/nobody;");

        var request = harness.Request("GET", "/api/runs");
        var answer = await CollectorHarness.SendAsync(request, await harness.Function<ListRuns>().Run(request));

        Assert.Equal(503, answer.Status);
        Assert.Equal("urn:llmpulse:problem:storage-unavailable", answer.Json.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("20231005T070000Z-http-0123abcd")]
    [InlineData("../../etc")]
    public async Task Get_run_of_an_unknown_request_is_not_found(string id)
    {
        using var harness = new CollectorHarness(azurite.ConnectionString);

        var request = harness.Request("GET", "/api/runs/" + id);
        var answer = await CollectorHarness.SendAsync(request, await harness.Function<GetRun>().Run(request, id));

        Assert.Equal(404, answer.Status);
        Assert.Equal("urn:llmpulse:problem:unknown-run", answer.Json.GetProperty("type").GetString());
    }

    private static Task DrainAsync(CollectorHarness harness) =>
        harness.Services.GetRequiredService<CollectionRequests>().DrainAsync(CancellationToken.None);

    private static void AddTranco(CollectorHarness harness, FakeSourceServer server)
    {
        var source = harness.AddSource("tranco", "tranco", server.Url, "Tranco", since: "2023-10-01");
        source.Series["traffic.chatgpt.tranco_rank"] = CollectorHarness.Series("Rank", "traffic", "rank", "daily", ("Domain", "chatgpt.com"));
    }
}
