using System.Globalization;
using Azure.Data.Tables;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Collectors.Tests;

/// <summary>
/// Storage going away in the middle of a run (Azurite stopped), then coming back: a rerun ends with every
/// observation stored once, none lost and none twice. Its own Azurite, keeping data on disk, so that stopping it
/// disturbs no other test.
/// </summary>
public sealed class StorageOutageTests : IDisposable
{
    private static readonly string[] Names = ["Alpha", "Bravo", "Charlie", "Delta"];
    private readonly string _folder = Directory.CreateTempSubdirectory("llmpulse-azurite-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_run_cut_off_by_storage_going_away_is_completed_by_the_rerun_with_no_lost_and_no_duplicated_observation()
    {
        using var azurite = AzuriteServer.Persistent(_folder);
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString);
        var source = harness.AddSource("wikimedia-pageviews", "wikimedia-pageviews", server.Url, "Wikimedia Foundation", since: "2023-01-01");
        foreach (var name in Names)
        {
            source.Series[SeriesId(name)] = CollectorHarness.Series($"{name} views", "traffic", "views", "monthly", ("Article", name));
            var payload = FakeResponse.Json(Payloads.Wikimedia(name, "monthly", Enumerable.Range(1, 9).Select(m => (string.Create(CultureInfo.InvariantCulture, $"2023{m:D2}0100"), Views(name, m))).ToArray()));

            // Storage goes away while the third series is being fetched, after the first two were written. Whether
            // Azurite had saved those two to disk before it was stopped depends on timing (it saves every 5 s), so
            // the rerun may ask them again from their latest stored period less the overlap: every window answers.
            foreach (var start in Enumerable.Range(1, 9))
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"/metrics/pageviews/per-article/en.wikipedia.org/all-access/user/{name}/monthly/2023{start:D2}0100/2023093000");
                server.On(path, (_, attempt) =>
                {
                    if (name == "Charlie" && start == 1 && attempt == 1)
                    {
                        azurite.Stop();
                    }

                    return payload;
                });
            }
        }

        await Assert.ThrowsAsync<StorageUnavailableException>(() => harness.CollectAsync());
        Assert.False(azurite.IsRunning);

        azurite.Start();
        var rerun = Assert.Single((await harness.CollectAsync(provider: harness.NewProvider())).Runs);

        Assert.True(rerun.Status == RunStatus.Succeeded, rerun.Error);
        var table = new TableClient(azurite.ConnectionString, harness.Storage.ObservationsTable);
        foreach (var name in Names)
        {
            var rows = new List<TableEntity>();
            await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == SeriesId(name)))
            {
                rows.Add(row);
            }

            Assert.Equal(9, rows.Count);
            Assert.Equal(9, rows.Select(r => r.RowKey).Distinct().Count());
            var stored = await harness.NewProvider().GetRequiredService<MetricStore>().GetObservationsAsync(SeriesId(name), null, null, CancellationToken.None);
            Assert.Equal(Enumerable.Range(1, 9).Select(m => (decimal)Views(name, m)), stored.Select(o => o.Value));
        }
    }

    private static string SeriesId(string name) => $"traffic.{name.ToLowerInvariant()}.wikipedia_views";

    private static long Views(string name, int month) => (Array.IndexOf(Names, name) * 1_000_000) + (month * 1000);
}
