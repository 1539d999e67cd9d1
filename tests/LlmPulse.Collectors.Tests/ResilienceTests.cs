using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Collectors.Tests;

/// <summary>
/// Transient failures are retried through the standard resilience handler (with the tests' tiny delays); what is
/// left after the retries fails the source's run with the reason, and never the other sources.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ResilienceTests(AzuriteServer azurite)
{
    private const string RanksPath = "/api/ranks/domain/chatgpt.com";
    private static readonly string GoodRanks = Payloads.Tranco("chatgpt.com", ("2023-10-03", 28), ("2023-10-04", 28), ("2023-10-05", 27));

    [Fact]
    public async Task A_429_is_retried_after_the_time_its_Retry_After_header_asks_for()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Tranco(server);
        server.On(RanksPath, (_, attempt) => attempt == 1
            ? new FakeResponse(429, """{"detail":"slow down"}""") { Headers = { ["Retry-After"] = "1" } }
            : FakeResponse.Json(GoodRanks));

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.True(run.Status == RunStatus.Succeeded, run.Error);
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);

        // The backoff alone would be a few milliseconds: the second second is the header's.
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(900), $"retried after {(requests[1].ReceivedAt - requests[0].ReceivedAt).TotalMilliseconds} ms");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(408)]
    public async Task Server_errors_are_retried_until_the_source_answers(int status)
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Tranco(server);
        server.On(RanksPath, (_, attempt) => attempt <= 2 ? new FakeResponse(status, "") : FakeResponse.Json(GoodRanks));

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.True(run.Status == RunStatus.Succeeded, run.Error);
        Assert.Equal(3, server.AttemptsAt(RanksPath));
        Assert.Equal(3, run.Written);
    }

    [Fact]
    public async Task A_source_that_keeps_failing_is_recorded_as_failed_with_the_status_after_the_retries()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Tranco(server);
        server.On(RanksPath, new FakeResponse(503, "down for maintenance"));

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("HTTP 503", run.Error);
        Assert.Contains("after the retries", run.Error);
        Assert.Equal(1 + harness.Options.MaxRetryAttempts, server.AttemptsAt(RanksPath));
        var recorded = Assert.Single(await harness.RunsAsync());
        Assert.Equal(RunStatus.Failed, recorded.Status);
        Assert.NotNull(recorded.Finished);
    }

    [Fact]
    public async Task An_attempt_that_times_out_is_cancelled_and_retried()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Tranco(server);
        harness.Options.AttemptTimeout = TimeSpan.FromSeconds(2);
        server.On(RanksPath, (_, attempt) => attempt == 1 ? FakeResponse.Json(GoodRanks) with { Delay = TimeSpan.FromSeconds(20) } : FakeResponse.Json(GoodRanks));

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.True(run.Status == RunStatus.Succeeded, run.Error);
        Assert.Equal(2, server.AttemptsAt(RanksPath));
    }

    [Fact]
    public async Task A_source_that_never_answers_in_time_fails_with_a_timeout()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Tranco(server);
        harness.Options.AttemptTimeout = TimeSpan.FromMilliseconds(300);
        server.On(RanksPath, FakeResponse.Json(GoodRanks) with { Delay = TimeSpan.FromSeconds(10) });

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("timed out", run.Error);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_recorded_as_the_reason()
    {
        using var harness = new CollectorHarness(azurite.ConnectionString);
        var source = harness.AddSource("tranco", "tranco", $"http://127.0.0.1:{AzuriteServer.FreePort()}", "Tranco", since: "2023-10-01");
        source.Series["traffic.chatgpt.tranco_rank"] = CollectorHarness.Series("Rank", "traffic", "rank", "daily", ("Domain", "chatgpt.com"));
        source.Series["traffic.claude.tranco_rank"] = CollectorHarness.Series("Rank", "traffic", "rank", "daily", ("Domain", "claude.ai"));

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("connection refused", run.Error);

        // The source as a whole is down: its other series are not asked only to wait out the same retries.
        Assert.Equal(2, run.SeriesFailed);
        Assert.Contains("the other 1 series were not asked", run.Error);
    }

    [Fact]
    public async Task One_failing_source_never_stops_the_others()
    {
        await using var failing = await FakeSourceServer.StartAsync();
        await using var working = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        var broken = harness.AddSource("a-broken", "tranco", failing.Url, "Tranco", since: "2023-10-03");
        broken.Series["traffic.a.tranco_rank"] = CollectorHarness.Series("Rank", "traffic", "rank", "daily", ("Domain", "chatgpt.com"));
        failing.On(RanksPath, new FakeResponse(500, "boom"));
        var fine = harness.AddSource("b-fine", "tranco", working.Url, "Tranco", since: "2023-10-03");
        fine.Series["traffic.b.tranco_rank"] = CollectorHarness.Series("Rank", "traffic", "rank", "daily", ("Domain", "chatgpt.com"));
        working.On(RanksPath, FakeResponse.Json(GoodRanks));
        var misconfigured = harness.AddSource("c-misconfigured", "no-such-adapter", working.Url, "Nobody");
        misconfigured.Series["traffic.c.x"] = CollectorHarness.Series("X", "traffic", "x", "daily");

        var report = await harness.CollectAsync();

        Assert.Equal(["a-broken", "b-fine", "c-misconfigured"], report.Runs.Select(r => r.Source));
        Assert.Equal([RunStatus.Failed, RunStatus.Succeeded, RunStatus.Failed], report.Runs.Select(r => r.Status));
        Assert.Contains("Adapter 'no-such-adapter' is unknown", report.Runs[2].Error);
        Assert.Equal(3, (await harness.ObservationsAsync("traffic.b.tranco_rank")).Count);
        Assert.Equal(3, (await harness.RunsAsync()).Count);
    }

    private CollectorHarness Tranco(FakeSourceServer server)
    {
        var harness = new CollectorHarness(azurite.ConnectionString);
        var source = harness.AddSource("tranco", "tranco", server.Url, "Tranco", since: "2023-10-03");
        source.Series["traffic.chatgpt.tranco_rank"] = CollectorHarness.Series("chatgpt.com Tranco rank", "traffic", "rank", "daily", ("Domain", "chatgpt.com"));
        return harness;
    }

    [Fact]
    public async Task An_adapter_that_throws_something_unforeseen_fails_only_its_own_source()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Tranco(server);
        harness.ConfigureServices = services => services.AddSingleton<ISourceAdapter, ExplodingAdapter>();
        var exploding = harness.AddSource("a-exploding", "exploding", server.Url, "Nobody");
        exploding.Series["traffic.boom.x"] = CollectorHarness.Series("Boom", "traffic", "x", "daily");
        server.On(RanksPath, FakeResponse.Json(GoodRanks));

        var report = await harness.CollectAsync();

        Assert.Equal([RunStatus.Failed, RunStatus.Succeeded], report.Runs.Select(r => r.Status));
        Assert.Contains("unexpected OverflowException", report.Runs[0].Error);
    }

    private sealed class ExplodingAdapter : ISourceAdapter
    {
        public string Name => "exploding";

        public bool RequiresApiKey => false;

        public IReadOnlyList<string> RequiredSeriesParameters => [];

        public Task<IReadOnlyList<LlmPulse.Metrics.Observation>> FetchAsync(SourceFetch fetch, SeriesWindow window, CancellationToken cancellationToken) =>
            throw new OverflowException("Value was either too large or too small for an Int64.");
    }
}
