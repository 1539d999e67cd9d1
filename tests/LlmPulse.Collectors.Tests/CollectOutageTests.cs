using System.Globalization;
using Azure.Data.Tables;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Collectors.Tests;

/// <summary>
/// Storage going away in the middle of queuing a collection (what <c>POST /api/collect</c> and the timers do), between
/// one source's message and its queued run record, then coming back and the request being made again: once the queue
/// is drained every run has finished (none is left "queued" with no message behind it) and every observation is
/// stored once. Its own Azurite, keeping data on disk, so that stopping it disturbs no other test.
/// </summary>
public sealed class CollectOutageTests : IDisposable
{
    private static readonly string[] Names = ["Alpha", "Bravo", "Charlie"];
    private readonly string _folder = Directory.CreateTempSubdirectory("llmpulse-azurite-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Queuing_cut_off_by_storage_going_away_leaves_no_run_queued_forever_and_no_observation_twice()
    {
        using var azurite = AzuriteServer.Persistent(_folder);
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        foreach (var name in Names)
        {
            var source = harness.AddSource(name.ToLowerInvariant(), "wikimedia-pageviews", server.Url, "Wikimedia Foundation", since: "2023-01-01");
            source.Series[SeriesId(name)] = CollectorHarness.Series($"{name} views", "traffic", "views", "monthly", ("Article", name));
            var payload = FakeResponse.Json(Payloads.Wikimedia(name, "monthly", Enumerable.Range(1, 9).Select(m => (string.Create(CultureInfo.InvariantCulture, $"2023{m:D2}0100"), Views(name, m))).ToArray()));
            foreach (var start in Enumerable.Range(1, 9))
            {
                server.On(string.Create(CultureInfo.InvariantCulture, $"/metrics/pageviews/per-article/en.wikipedia.org/all-access/user/{name}/monthly/2023{start:D2}0100/2023093000"), payload);
            }
        }

        var requests = harness.Services.GetRequiredService<CollectionRequests>();
        requests.BetweenMessageAndRecordForTests = async (source, ct) =>
        {
            if (source == "bravo")
            {
                // Azurite saves to disk every few seconds: what was queued so far reaches the disk, then storage goes.
                await Task.Delay(TimeSpan.FromSeconds(6), ct);
                azurite.Stop();
            }
        };

        await Assert.ThrowsAsync<StorageUnavailableException>(() => requests.EnqueueAsync(new CollectionRequest { Trigger = "http" }, CancellationToken.None));
        Assert.False(azurite.IsRunning);

        azurite.Start();
        var provider = harness.NewProvider();
        var again = provider.GetRequiredService<CollectionRequests>();
        var retried = await again.EnqueueAsync(new CollectionRequest { Trigger = "http" }, CancellationToken.None);
        await again.DrainAsync(CancellationToken.None);

        var runs = await provider.GetRequiredService<RunStore>().ListAsync(50, null, CancellationToken.None);
        Assert.All(runs, r => Assert.True(r.Status == RunStatus.Succeeded, $"{r.RunId}: {r.StatusText} {r.Error}"));
        Assert.Equal(Names.Length, runs.Count(r => r.Request == retried.Request));

        // The cut-off request ran what it had queued: alpha (record and message) and bravo (message only).
        Assert.Equal(["alpha", "bravo"], runs.Where(r => r.Request != retried.Request).Select(r => r.Source).Order(StringComparer.Ordinal));
        var table = new TableClient(azurite.ConnectionString, harness.Storage.ObservationsTable);
        foreach (var name in Names)
        {
            var rows = new List<string>();
            await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == SeriesId(name), select: ["RowKey"]))
            {
                rows.Add(row.RowKey);
            }

            Assert.Equal(9, rows.Count);
            var stored = await provider.GetRequiredService<MetricStore>().GetObservationsAsync(SeriesId(name), null, null, CancellationToken.None);
            Assert.Equal(Enumerable.Range(1, 9).Select(m => (decimal)Views(name, m)), stored.Select(o => o.Value));
        }
    }

    private static string SeriesId(string name) => $"traffic.{name.ToLowerInvariant()}.wikipedia_views";

    private static long Views(string name, int month) => (Array.IndexOf(Names, name) * 1_000_000) + (month * 1000);
}
