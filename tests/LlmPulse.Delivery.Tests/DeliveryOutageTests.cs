using System.Globalization;
using Azure.Storage.Queues;
using LlmPulse.Delivery.Tests.Support;
using LlmPulse.Storage;
using LlmPulse.Testing;

namespace LlmPulse.Delivery.Tests;

/// <summary>
/// Storage going away while deliveries are handled, at each write in turn (the write refused, or applied with its
/// answer lost), then the queue trying each message again, as it does after a failure: every delivery ends sent
/// and recorded once, and a message that reached the receiver twice carries the same delivery id both times.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DeliveryOutageTests(AzuriteServer azurite) : IAsyncLifetime
{
    private const string Secret = "webhook-secret-for-outage-tests";
    private static readonly DateTimeOffset FirstOfAugust = new(2023, 8, 1, 7, 0, 0, TimeSpan.Zero);

    private readonly string _seedFolder = Path.Combine(Path.GetTempPath(), "llmpulse-delivery-outage-" + Guid.NewGuid().ToString("N"));
    private WebhookReceiver _webhook = null!;
    private StorageFaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _webhook = await WebhookReceiver.StartAsync(Secret);
        _proxy = await StorageFaultProxy.StartAsync(azurite);
    }

    public async Task DisposeAsync()
    {
        await _webhook.DisposeAsync();
        await _proxy.DisposeAsync();
        if (Directory.Exists(_seedFolder))
        {
            Directory.Delete(_seedFolder, recursive: true);
        }
    }

    [Fact]
    public async Task Deliveries_cut_off_at_any_write_end_sent_and_recorded_once_after_the_queue_tries_again()
    {
        // An uninterrupted drain first, to count its writes: each one is then cut in turn.
        var (cleanNames, _) = await QueueJulyAndBeforeAsync();
        int writes;
        using (var clean = NewApp(cleanNames, _proxy.ConnectionString))
        {
            var before = _proxy.Requests.Count;
            await clean.Delivery.DrainAsync(CancellationToken.None);
            writes = _proxy.Requests.Skip(before).Count(r => r.IsWrite);
        }

        Assert.True(writes >= 9, $"the drain made {writes} writes");
        foreach (var afterForwarding in new[] { false, true })
        {
            for (var n = 1; n <= writes; n++)
            {
                var cut = $"cut at write {n} of {writes}, {(afterForwarding ? "answer lost" : "write refused")}";
                var (names, messages) = await QueueJulyAndBeforeAsync();
                var postsBefore = _webhook.Requests.Count;
                using var app = NewApp(names, _proxy.ConnectionString);
                _proxy.CutAtWrite(n, afterForwarding);
                var failure = await Record.ExceptionAsync(() => app.Delivery.DrainAsync(CancellationToken.None));
                Assert.True(failure is StorageUnavailableException, $"{cut}: {failure}");

                // Storage is back; a claim the cut left behind has expired by the time the queue offers each message
                // again (the messages it had received stay hidden for their lease, so they are handed over here).
                _proxy.Restore();
                app.Time.Advance(DeliveryLedger.ClaimTimeout + TimeSpan.FromMinutes(1));
                foreach (var message in messages)
                {
                    await app.Delivery.HandleAsync(message, CancellationToken.None);
                }

                foreach (var month in new[] { "2023-05", "2023-06", "2023-07" })
                {
                    var row = Assert.Single(await app.Ledger.ListMonthAsync(month, CancellationToken.None));
                    Assert.True(row.Status == DeliveryStatus.Sent, $"{cut}: {month} is {row.Status} after {row.Attempts} attempt(s): {row.LastError}");
                    var posts = _webhook.Requests.Skip(postsBefore).Where(r => r.DeliveryId!.StartsWith(month + "/", StringComparison.Ordinal)).ToArray();
                    Assert.True(posts.Length is 1 or 2, $"{cut}: {month} reached the receiver {posts.Length} times");
                    Assert.All(posts, p => Assert.Equal(row.DeliveryId, p.DeliveryId));
                    Assert.Single(posts.Select(p => p.Id).Distinct());
                }
            }
        }
    }

    [Fact]
    public async Task A_send_now_retried_with_its_idempotency_key_after_storage_went_away_reaches_each_subscriber_once()
    {
        var july = new global::LlmPulse.Briefings.BriefingMonth(2023, 7);
        foreach (var afterForwarding in new[] { false, true })
        {
            // Two subscribers, so a cut can fall between queuing one and the other; a queue and a table the
            // attempt has not created yet, so it writes those too.
            for (var n = 1; n <= 3; n++)
            {
                var cut = $"cut at write {n}, {(afterForwarding ? "answer lost" : "write refused")}";
                var (names, _) = await QueueJulyAndBeforeAsync();
                using (var direct = NewApp(names, azurite.ConnectionString, withDesk: true))
                {
                    await direct.Delivery.DrainAsync(CancellationToken.None);
                }

                var postsBefore = _webhook.Requests.Count;
                using var app = NewApp(names, _proxy.ConnectionString, withDesk: true);
                _proxy.CutAtWrite(n, afterForwarding);
                var failure = await Record.ExceptionAsync(() => app.Delivery.QueueResendAsync(july, null, "retry-after-503", CancellationToken.None));
                Assert.True(failure is StorageUnavailableException, $"{cut}: {failure}");
                _proxy.Restore();
                await app.Delivery.QueueResendAsync(july, null, "retry-after-503", CancellationToken.None);

                foreach (var message in await MessagesAsync(names))
                {
                    await app.Delivery.HandleAsync(message, CancellationToken.None);
                }

                var posts = _webhook.Requests.Skip(postsBefore).ToArray();
                Assert.True(posts.Length == 2, $"{cut}: {posts.Length} posts: {string.Join(", ", posts.Select(p => p.PathAndQuery))}");
                Assert.Equal(["desk", "team-chat"], posts.Select(p => p.DeliveryId!.Split('/')[^1]).Order(StringComparer.Ordinal));
            }
        }
    }

    /// <summary>Fresh storage with the seed and one reconciler step: May, June and July queued for the webhook.</summary>
    private async Task<(StorageOptions Names, IReadOnlyList<DeliveryMessage> Messages)> QueueJulyAndBeforeAsync()
    {
        var names = StorageNames.Unique(azurite.ConnectionString);
        using var direct = NewApp(names, azurite.ConnectionString);
        await direct.ImportSeedAsync(_seedFolder);
        await direct.MonthlyRun.RunAsync(FirstOfAugust, CancellationToken.None);
        var messages = await MessagesAsync(names);
        Assert.Equal(["2023-05", "2023-06", "2023-07"], messages.Select(m => m.Month));
        return (names, messages);
    }

    private DeliveryApp NewApp(StorageOptions names, string connectionString, bool withDesk = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Delivery:Subscribers:0:Name"] = "team-chat",
            ["Delivery:Subscribers:0:Channel"] = "webhook",
            ["Delivery:Subscribers:0:WebhookUrl"] = new Uri(_webhook.BaseAddress, "hooks/llmpulse").ToString(),
            ["Delivery:Subscribers:0:WebhookSecret"] = Secret,

            // The clock says 2023 but Azurite checks links against the real time: links must outlive the gap.
            ["Delivery:LinkExpiry"] = TimeSpan.FromDays(366 * 20).ToString("c", CultureInfo.InvariantCulture),
        };
        if (withDesk)
        {
            settings["Delivery:Subscribers:1:Name"] = "desk";
            settings["Delivery:Subscribers:1:Channel"] = "webhook";
            settings["Delivery:Subscribers:1:WebhookUrl"] = new Uri(_webhook.BaseAddress, "hooks/desk").ToString();
            settings["Delivery:Subscribers:1:WebhookSecret"] = Secret;
        }

        var storage = new StorageOptions
        {
            ConnectionString = connectionString,
            SeriesTable = names.SeriesTable,
            ObservationsTable = names.ObservationsTable,
            BriefingsContainer = names.BriefingsContainer,
            DeliveriesTable = names.DeliveriesTable,
            DeliveryQueue = names.DeliveryQueue,
            CollectQueue = names.CollectQueue,
        };
        return new DeliveryApp(storage, settings, FirstOfAugust);
    }

    /// <summary>The delivery messages waiting on the queue, as the queue trigger would hand them over.</summary>
    private async Task<IReadOnlyList<DeliveryMessage>> MessagesAsync(StorageOptions names)
    {
        var queue = new QueueClient(azurite.ConnectionString, names.DeliveryQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var peeked = (await queue.PeekMessagesAsync(32)).Value;
        return peeked.Select(m => DeliveryQueue.Deserialize(m.Body.ToString())!).OrderBy(m => m.Month, StringComparer.Ordinal).ToArray();
    }
}
