using LlmPulse.Functions;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Collectors.Tests;

/// <summary>
/// <c>POST /api/collect</c> with storage going away at each of its writes in turn (the write refused, or applied with
/// its answer lost): the caller gets a 503 problem, its retry is accepted, and once the queue is drained the figures
/// are stored once and no run says "queued" for good.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CollectNowOutageTests(AzuriteServer azurite)
{
    private const string RanksPath = "/api/ranks/domain/chatgpt.com";
    private const string Series = "traffic.chatgpt.tranco_rank";

    [Fact]
    public async Task A_collect_post_cut_off_at_any_write_leaves_no_run_queued_for_good_and_its_retry_collects_once()
    {
        await using var proxy = await StorageFaultProxy.StartAsync(azurite);
        await using var server = await FakeSourceServer.StartAsync();
        server.On(RanksPath, FakeResponse.Json(Payloads.Tranco("chatgpt.com", ("2023-10-03", 30), ("2023-10-04", 28))));

        int writes;
        using (var clean = NewHarness(proxy, server))
        {
            var before = proxy.Requests.Count;
            Assert.Equal(202, (await PostAsync(clean)).Status);
            writes = proxy.Requests.Skip(before).Count(r => r.IsWrite);
        }

        Assert.True(writes >= 3, $"the post made {writes} writes");
        foreach (var afterForwarding in new[] { false, true })
        {
            for (var n = 1; n <= writes; n++)
            {
                var cut = $"cut at write {n} of {writes}, {(afterForwarding ? "answer lost" : "write refused")}";
                using var harness = NewHarness(proxy, server);
                proxy.CutAtWrite(n, afterForwarding);
                var answer = await PostAsync(harness);
                Assert.True(answer.Status == 503, $"{cut}: {answer.Status} {answer.Json}");
                Assert.Equal("urn:llmpulse:problem:storage-unavailable", answer.Json.GetProperty("type").GetString());

                proxy.Restore();
                Assert.Equal(202, (await PostAsync(harness)).Status);
                await harness.Services.GetRequiredService<CollectionRequests>().DrainAsync(CancellationToken.None);

                var runs = await harness.RunsAsync();
                Assert.True(runs.All(r => r.Status is RunStatus.Succeeded), $"{cut}: runs {string.Join(", ", runs.Select(r => $"{r.RunId} {r.StatusText}"))}");
                Assert.Equal(["2023-10-03", "2023-10-04"], (await harness.ObservationsAsync(Series)).Select(o => o.Period.ToString()));
            }
        }
    }

    private static CollectorHarness NewHarness(StorageFaultProxy proxy, FakeSourceServer server)
    {
        var harness = new CollectorHarness(proxy.ConnectionString);
        var source = harness.AddSource("tranco", "tranco", server.Url, "Tranco", since: "2023-10-01");
        source.Series[Series] = CollectorHarness.Series("Rank", "traffic", "rank", "daily", ("Domain", "chatgpt.com"));
        return harness;
    }

    private static async Task<(int Status, string? ContentType, System.Text.Json.JsonElement Json)> PostAsync(CollectorHarness harness)
    {
        var request = harness.Request("POST", "/api/collect/tranco");
        return await CollectorHarness.SendAsync(request, await harness.Function<CollectNow>().Run(request, "tranco"));
    }
}
