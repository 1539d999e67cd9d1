using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using LlmPulse.Import;
using LlmPulse.Jobs;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Functions.Tests;

/// <summary>
/// Storage going away in the middle of a mutating job, at every write it makes in turn, then coming back: the rerun
/// ends with exactly what an uninterrupted run stores, nothing lost and nothing twice. Each cut happens twice: once
/// refusing the write (it never happened), once dropping storage's answer after it was applied (it happened, and
/// the job cannot know), the two halves of "any message may run twice".
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageOutageTests(AzuriteServer azurite) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmpulse-outage-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task An_import_cut_off_at_any_write_is_completed_by_its_rerun_with_nothing_lost_and_nothing_extra()
    {
        await using var proxy = await StorageFaultProxy.StartAsync(azurite);
        var seed = WriteSeed(_folder);

        var cleanNames = StorageNames.Unique(azurite.ConnectionString);
        var before = proxy.Requests.Count;
        await ImportAsync(cleanNames, proxy.ConnectionString, seed);
        var writes = proxy.Requests.Skip(before).Count(r => r.IsWrite);
        var expected = await DumpAsync(cleanNames);
        Assert.Contains(expected, row => row.StartsWith("index|months|2023-07", StringComparison.Ordinal));
        Assert.Contains(expected, row => row.StartsWith("rollups|2023|traffic.test.daily|", StringComparison.Ordinal) && row.Contains("|M06=", StringComparison.Ordinal));
        Assert.Contains(expected, row => row.StartsWith("days|2023-07|traffic.test.daily|", StringComparison.Ordinal) && row.Contains("|D31=", StringComparison.Ordinal));
        Assert.True(writes >= 6, $"the import made {writes} writes");

        foreach (var afterForwarding in new[] { false, true })
        {
            for (var n = 1; n <= writes; n++)
            {
                var names = StorageNames.Unique(azurite.ConnectionString);
                proxy.CutAtWrite(n, afterForwarding);
                var failure = await Record.ExceptionAsync(() => ImportAsync(names, proxy.ConnectionString, seed));
                var cut = $"cut at write {n} of {writes}, {(afterForwarding ? "answer lost" : "write refused")}";
                Assert.True(failure is StorageUnavailableException, $"{cut}: {failure}");

                proxy.Restore();
                await ImportAsync(names, proxy.ConnectionString, seed);
                Assert.True(expected.SequenceEqual(await DumpAsync(names)), $"{cut}: the rerun's tables differ from an uninterrupted import's");
            }
        }
    }

    [Fact]
    public async Task A_briefing_post_cut_off_at_any_write_answers_503_and_its_retry_stores_one_whole_version()
    {
        await using var proxy = await StorageFaultProxy.StartAsync(azurite);
        var seed = TinySeed.Write(_folder);

        var cleanNames = StorageNames.Unique(azurite.ConnectionString);
        await ImportAsync(cleanNames, azurite.ConnectionString, seed);
        var before = proxy.Requests.Count;
        Assert.Equal(201, (await PostAsync(cleanNames, proxy.ConnectionString)).Status);
        var writes = proxy.Requests.Skip(before).Count(r => r.IsWrite);
        var expected = await BlobsAsync(cleanNames);
        Assert.Contains(expected, b => b.Contains("figures", StringComparison.Ordinal));
        Assert.True(writes >= 4, $"the post made {writes} writes");

        foreach (var afterForwarding in new[] { false, true })
        {
            for (var n = 1; n <= writes; n++)
            {
                var names = StorageNames.Unique(azurite.ConnectionString);
                await ImportAsync(names, azurite.ConnectionString, seed);
                var cut = $"cut at write {n} of {writes}, {(afterForwarding ? "answer lost" : "write refused")}";
                proxy.CutAtWrite(n, afterForwarding);
                var answer = await PostAsync(names, proxy.ConnectionString);
                Assert.True(answer.Status == 503, $"{cut}: {answer.Status} {answer.Text}");
                Api.AssertProblem(answer, 503, "urn:llmpulse:problem:storage-unavailable");

                proxy.Restore();
                var retry = await PostAsync(names, proxy.ConnectionString);
                Assert.True(retry.Status is 200 or 201, $"{cut}: the retry answered {retry.Status} {retry.Text}");
                Assert.Equal(1, retry.Json().GetProperty("version").GetInt32());
                var blobs = await BlobsAsync(names);
                Assert.True(expected.SequenceEqual(blobs), $"{cut}: the stored blobs differ from an uninterrupted post's:\n{string.Join('\n', expected)}\nagainst\n{string.Join('\n', blobs)}");
            }
        }
    }

    [Fact]
    public async Task A_reconciler_run_cut_off_at_any_write_is_completed_by_the_next_run_with_one_version_and_one_delivery_each()
    {
        await using var proxy = await StorageFaultProxy.StartAsync(azurite);
        var seed = TinySeed.Write(_folder);
        var now = new DateTimeOffset(2023, 8, 1, 7, 0, 0, TimeSpan.Zero);

        var cleanNames = StorageNames.Unique(azurite.ConnectionString);
        await ImportAsync(cleanNames, azurite.ConnectionString, seed);
        var before = proxy.Requests.Count;
        await ReconcileAsync(cleanNames, proxy.ConnectionString, now);
        var writes = proxy.Requests.Skip(before).Count(r => r.IsWrite);
        var expectedBlobs = await BlobsAsync(cleanNames);
        var expectedLedger = await LedgerAsync(cleanNames);
        Assert.Equal(4, expectedLedger.Count);
        Assert.True(writes >= 10, $"the run made {writes} writes");

        foreach (var afterForwarding in new[] { false, true })
        {
            for (var n = 1; n <= writes; n++)
            {
                var names = StorageNames.Unique(azurite.ConnectionString);
                await ImportAsync(names, azurite.ConnectionString, seed);
                var cut = $"cut at write {n} of {writes}, {(afterForwarding ? "answer lost" : "write refused")}";
                proxy.CutAtWrite(n, afterForwarding);
                var failure = await Record.ExceptionAsync(() => ReconcileAsync(names, proxy.ConnectionString, now));
                Assert.True(failure is StorageUnavailableException, $"{cut}: {failure}");

                // The next daily run, past the time after which a queued delivery without its message counts as lost.
                proxy.Restore();
                await ReconcileAsync(names, proxy.ConnectionString, now + DeliveryLedger.ClaimTimeout + TimeSpan.FromMinutes(1));

                Assert.True(expectedBlobs.SequenceEqual(await BlobsAsync(names)), $"{cut}: the stored blobs differ from an uninterrupted run's");
                Assert.True(expectedLedger.SequenceEqual(await LedgerAsync(names)), $"{cut}: the delivery ledger differs from an uninterrupted run's");

                // At least once: every queued delivery has a message (a cut may leave a second one; the ledger's
                // conditional claim makes its second delivery a no-op).
                var messages = await MessagesAsync(names);
                Assert.All(expectedLedger, row => Assert.Contains(messages, m => row.StartsWith(m, StringComparison.Ordinal)));
            }
        }
    }

    private static readonly Dictionary<string, string?> TwoSubscribers = new()
    {
        ["Delivery:Subscribers:0:Name"] = "desk",
        ["Delivery:Subscribers:0:Channel"] = "webhook",
        ["Delivery:Subscribers:0:WebhookUrl"] = "https://desk.example.test/hook",
        ["Delivery:Subscribers:0:WebhookSecret"] = "desk-secret",
        ["Delivery:Subscribers:1:Name"] = "chat",
        ["Delivery:Subscribers:1:Channel"] = "webhook",
        ["Delivery:Subscribers:1:WebhookUrl"] = "https://chat.example.test/hook",
        ["Delivery:Subscribers:1:WebhookSecret"] = "chat-secret",
    };

    private static async Task<HttpAnswer> PostAsync(StorageOptions names, string connectionString)
    {
        using var app = FunctionsApp.OnStorage(names, connectionString);
        return await Api.PostAsync(app, "2023-07");
    }

    private static async Task ReconcileAsync(StorageOptions names, string connectionString, DateTimeOffset now)
    {
        using var app = FunctionsApp.OnStorage(names, connectionString, now, TwoSubscribers);
        await app.Services.GetRequiredService<MonthlyRun>().RunAsync(now, CancellationToken.None);
    }

    /// <summary>
    /// The briefings container as a reader depends on it: every blob but the covers, by name, sorted, and a check
    /// that every stored version has its cover (named by the version's sha256, which a re-render changes, since a
    /// PDF/A carries a fresh document id). A cover written by an attempt cut off before its PDF is left unused.
    /// </summary>
    private async Task<IReadOnlyList<string>> BlobsAsync(StorageOptions names)
    {
        var container = new BlobContainerClient(azurite.ConnectionString, names.BriefingsContainer);
        var blobs = new List<string>();
        var covers = new HashSet<string>(StringComparer.Ordinal);
        var versions = new List<(string Name, string Sha256)>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }))
        {
            if (blob.Name.StartsWith("covers/", StringComparison.Ordinal))
            {
                covers.Add(blob.Name);
                continue;
            }

            blobs.Add(blob.Name);
            if (blob.Name.EndsWith(".pdf", StringComparison.Ordinal))
            {
                versions.Add((blob.Name, blob.Metadata["sha256"]));
            }
        }

        foreach (var (name, sha256) in versions)
        {
            Assert.True(covers.Contains($"covers/{sha256}.json") && covers.Contains($"covers/{sha256}.png"), $"{name} has no cover; covers: {string.Join(", ", covers)}");
        }

        blobs.Sort(StringComparer.Ordinal);
        return blobs;
    }

    /// <summary>The delivery ledger as "month|edition|version|subscriber status", sorted.</summary>
    private async Task<IReadOnlyList<string>> LedgerAsync(StorageOptions names)
    {
        var rows = new List<string>();
        await foreach (var entity in new TableClient(azurite.ConnectionString, names.DeliveriesTable).QueryAsync<TableEntity>())
        {
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"{entity.PartitionKey}|{entity.GetString("Edition")}|{entity.GetInt32("Version")}|{entity.GetString("Subscriber")} {entity.GetString("Status")}"));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>The delivery queue's messages as "month|edition|version|subscriber".</summary>
    private async Task<IReadOnlyList<string>> MessagesAsync(StorageOptions names)
    {
        var queue = new QueueClient(azurite.ConnectionString, names.DeliveryQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var messages = new List<string>();
        foreach (var message in (await queue.PeekMessagesAsync(32)).Value)
        {
            using var json = JsonDocument.Parse(message.Body.ToString());
            var m = json.RootElement;
            messages.Add(string.Create(CultureInfo.InvariantCulture, $"{Text(m, "month")}|{Text(m, "edition")}|{Text(m, "version")}|{Text(m, "subscriber")}"));
        }

        return messages;
    }

    private static string Text(JsonElement message, string name) =>
        message.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value.ToString();

    private static async Task ImportAsync(StorageOptions names, string connectionString, string seed)
    {
        // A new app each time, as a rerun is a new process: nothing remembered in memory helps it.
        using var app = FunctionsApp.OnStorage(names, connectionString);
        await app.Services.GetRequiredService<SeedImporter>().ImportAsync(seed, CancellationToken.None);
    }

    /// <summary>Every row of the series, observations, months (roll-ups and month index) and days (month copies) tables, as sorted text.</summary>
    private async Task<IReadOnlyList<string>> DumpAsync(StorageOptions names)
    {
        var rows = new List<string>();
        foreach (var table in new[] { names.SeriesTable, names.ObservationsTable, names.MonthsTable, names.DaysTable })
        {
            await foreach (var entity in new TableClient(azurite.ConnectionString, table).QueryAsync<TableEntity>())
            {
                var text = new StringBuilder($"{entity.PartitionKey}|{entity.RowKey}");
                foreach (var (key, value) in entity.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")).OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append(CultureInfo.InvariantCulture, $"|{key}={value}");
                }

                rows.Add(text.ToString());
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>A monthly series and a daily one of 122 days, so the import writes several observation batches and roll-ups.</summary>
    private static string WriteSeed(string folder)
    {
        File.WriteAllText(Path.Combine(folder, "series.csv"), """
            id,category,name,unit,frequency,source
            traffic.test.visits.world,traffic,"Test site visits, worldwide",visits,monthly,Test Analytics
            traffic.test.daily,traffic,Test site daily visits,visits,daily,Test Analytics
            """);
        var observations = new StringBuilder("series,period,measure,value,approximate,reported_by,note\n");
        observations.Append("traffic.test.visits.world,2023-05,level,1900000000,false,Test Analytics,May\n");
        observations.Append("traffic.test.visits.world,2023-06,level,1700000000,false,Test Analytics,June\n");
        observations.Append("traffic.test.visits.world,2023-07,level,1500000000,true,Test Analytics,July\n");
        for (var day = new DateOnly(2023, 4, 1); day <= new DateOnly(2023, 7, 31); day = day.AddDays(1))
        {
            observations.Append(CultureInfo.InvariantCulture, $"traffic.test.daily,{day:yyyy-MM-dd},level,{60_000_000 + (day.DayNumber % 97 * 10_000)},false,Test Analytics,\n");
        }

        File.WriteAllText(Path.Combine(folder, "observations.csv"), observations.ToString());
        return folder;
    }
}
