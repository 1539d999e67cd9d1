using LlmPulse.Functions;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Collectors.Tests;

/// <summary>A paid source's key reaches the source and nothing else: not a log line, a run record or an answer.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SecretTests(AzuriteServer azurite)
{
    private const string Path = "/v1/website/chatgpt.com/total-traffic-and-engagement/visits";

    public static TheoryData<string> Outcomes => ["success", "server-error", "unauthorized", "error-echoing-the-request"];

    [Theory]
    [MemberData(nameof(Outcomes))]
    public async Task The_api_key_is_sent_to_the_source_and_appears_in_no_log_record_or_answer(string outcome)
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        AdapterCase.Get("similarweb").Configure(harness, server);
        var good = Payloads.SimilarWeb("chatgpt.com", ("2023-07-01", 1_500_000_000));
        server.On(Path, (request, _) => outcome switch
        {
            "success" => request.ApiKey == AdapterCase.SimilarWebKey ? FakeResponse.Json(good) : new FakeResponse(401, ""),
            "server-error" => new FakeResponse(500, $"error for api_key={AdapterCase.SimilarWebKey}"),
            "unauthorized" => new FakeResponse(401, $$"""{"error":"bad key {{AdapterCase.SimilarWebKey}}"}"""),
            _ => FakeResponse.Json($$$"""{"meta":{"status":"Error","error_message":"Invalid request {{{server.Url}}}{{{Path}}}?api_key={{{AdapterCase.SimilarWebKey}}}&country=world"}}"""),
        });

        var report = await harness.CollectAsync();
        var run = Assert.Single(report.Runs);
        var request = harness.Request("POST", "/api/collect/similarweb");
        var accepted = await CollectorHarness.SendAsync(request, await harness.Function<CollectNow>().Run(request, "similarweb"));
        await harness.Services.GetRequiredService<CollectionRequests>().DrainAsync(CancellationToken.None);
        var id = accepted.Json.GetProperty("runId").GetString()!;
        var follow = harness.Request("GET", "/api/runs/" + id);
        var answer = await CollectorHarness.SendAsync(follow, await harness.Function<GetRun>().Run(follow, id));

        Assert.All(server.Requests, r => Assert.Equal(AdapterCase.SimilarWebKey, r.ApiKey));
        Assert.All(server.Requests, r => Assert.DoesNotContain(AdapterCase.SimilarWebKey, r.QueryString, StringComparison.Ordinal));
        Assert.Equal(outcome == "success" ? RunStatus.Succeeded : RunStatus.Failed, run.Status);
        var everything = string.Join('\n',
            harness.Logs.AllText,
            accepted.Json.GetRawText(),
            answer.Json.GetRawText(),
            string.Join('\n', (await harness.RunsAsync()).Select(r => r.ToString())),
            string.Join('\n', (await harness.ObservationsAsync("traffic.chatgpt.visits.world")).Select(o => o.ToString())));
        Assert.DoesNotContain(AdapterCase.SimilarWebKey, everything);
        Assert.DoesNotContain("api_key=sw", everything);
        Assert.NotEmpty(harness.Logs.Lines);
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_not_followed_with_the_key_and_the_run_says_why()
    {
        await using var server = await FakeSourceServer.StartAsync();
        await using var elsewhere = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        AdapterCase.Get("similarweb").Configure(harness, server);

        // 127.0.0.1 and localhost are different hosts to a browser and to this rule.
        var otherHost = new UriBuilder(elsewhere.BaseUrl) { Host = "localhost", Path = "/collect-keys" }.Uri;
        server.On(Path, new FakeResponse(302, "") { Headers = { ["Location"] = otherHost.AbsoluteUri } });
        elsewhere.On("/collect-keys", FakeResponse.Json(Payloads.SimilarWeb("chatgpt.com", ("2023-07-01", 1))));

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("redirected to another host (localhost); not followed, because the request carries the source's key", run.Error, StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
        Assert.Single(server.Requests); // not retried: a redirect is an answer, not a transient failure
        Assert.DoesNotContain(AdapterCase.SimilarWebKey, harness.Logs.AllText + string.Join('\n', (await harness.RunsAsync()).Select(r => r.ToString())));
    }

    [Fact]
    public async Task A_redirect_on_the_same_host_is_followed_with_the_key_in_its_header()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        AdapterCase.Get("similarweb").Configure(harness, server);
        server.On(Path, new FakeResponse(307, "") { Headers = { ["Location"] = "/moved" + Path } });
        server.On("/moved" + Path, (request, _) => request.ApiKey == AdapterCase.SimilarWebKey
            ? FakeResponse.Json(Payloads.SimilarWeb("chatgpt.com", ("2023-07-01", 1_500_000_000)))
            : new FakeResponse(401, ""));

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(["/v1/website/chatgpt.com/total-traffic-and-engagement/visits", "/moved/v1/website/chatgpt.com/total-traffic-and-engagement/visits"], server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Without_a_key_the_paid_source_is_skipped_and_says_why()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        AdapterCase.Get("similarweb").Configure(harness, server);
        harness.Catalog.Sources["similarweb"].ApiKey = null;

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.Equal(RunStatus.Skipped, run.Status);
        Assert.Equal("skipped (disabled: no API key)", run.StatusText);
        Assert.Empty(server.Requests);
        Assert.Equal("skipped (disabled: no API key)", Assert.Single(await harness.RunsAsync()).StatusText);
    }

    [Fact]
    public async Task A_key_vault_reference_the_platform_could_not_resolve_counts_as_no_key_and_warns_at_startup()
    {
        const string unresolved = "@Microsoft.KeyVault(VaultName=kv-test;SecretName=similarweb-api-key)";
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        AdapterCase.Get("similarweb").Configure(harness, server);
        harness.Catalog.Sources["similarweb"].ApiKey = unresolved;

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.Equal("skipped (disabled: API key not resolved from Key Vault)", run.StatusText);
        Assert.Empty(server.Requests);

        var logs = new LogCapture();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Sources:similarweb:ApiKey"] = unresolved }).Build();
        await using var app = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.AddProvider(logs))
            .AddLlmPulseFunctions(configuration)
            .BuildServiceProvider();
        foreach (var hosted in app.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var warning = Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("Sources__similarweb__ApiKey", warning.Message);
        Assert.Contains("could not resolve", warning.Message);
    }
}
