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
            "success" => request.Query["api_key"] == AdapterCase.SimilarWebKey ? FakeResponse.Json(good) : new FakeResponse(401, ""),
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

        Assert.All(server.Requests, r => Assert.Equal(AdapterCase.SimilarWebKey, r.Query["api_key"]));
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
