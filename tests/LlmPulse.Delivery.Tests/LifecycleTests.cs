using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using LlmPulse.Briefings;
using LlmPulse.Delivery.Tests.Support;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Delivery.Tests;

/// <summary>
/// A month's life on a fake clock and a real Azurite (tables, blobs and queues): the briefing waits for its expected
/// data or its deadline, revisions become new immutable versions, and deliveries go through the queue with
/// conditional ledger writes, retries, a poison queue and a stable delivery id.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LifecycleTests(AzuriteServer azurite) : IAsyncLifetime
{
    private const string Secret = "webhook-secret-for-lifecycle-tests";
    private const string Expected = "traffic.test.visits.world";
    private static readonly DateTimeOffset FirstOfAugust = new(2023, 8, 1, 7, 0, 0, TimeSpan.Zero);
    private static readonly BriefingMonth July = new(2023, 7);

    private readonly string _seedFolder = Path.Combine(Path.GetTempPath(), "llmpulse-lifecycle-" + Guid.NewGuid().ToString("N"));
    private readonly StorageOptions _storage = StorageNames.Unique(azurite.ConnectionString);
    private SmtpTestServer _smtp = null!;
    private WebhookReceiver _webhook = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpTestServer.StartAsync();
        _webhook = await WebhookReceiver.StartAsync(Secret);
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _webhook.DisposeAsync();
        if (Directory.Exists(_seedFolder))
        {
            Directory.Delete(_seedFolder, recursive: true);
        }
    }

    private DeliveryApp NewApp(DateTimeOffset now, Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = DeliveryApp.Subscribers(_smtp.Port, _webhook.BaseAddress, Secret);

        // The clock says 2023 but Azurite checks links against the real time: links must outlive the gap.
        settings["Delivery:LinkExpiry"] = TimeSpan.FromDays(366 * 20).ToString("c", CultureInfo.InvariantCulture);
        configure?.Invoke(settings);
        return new DeliveryApp(_storage, settings, now);
    }

    private static string? Sha256Of(ReceivedWebhook post) => JsonDocument.Parse(post.Body).RootElement.GetProperty("sha256").GetString();

    private IEnumerable<JsonElement> JulyPosts() =>
        _webhook.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).Where(b => b.GetProperty("month").GetString() == "2023-07");

    [Fact]
    public async Task Late_data_arriving_on_the_10th_is_waited_for_and_the_briefing_renders_with_it()
    {
        using var app = NewApp(FirstOfAugust);
        await app.ImportSeedAsync(_seedFolder, withJuly: false);

        var first = await app.RunMonthlyAsync(FirstOfAugust);

        var waiting = Assert.Single(first.Steps, s => s.Month == July);
        Assert.False(waiting.Readiness.Due);
        Assert.Equal([Expected], waiting.Readiness.Missing);
        Assert.Contains("waiting for traffic.test.visits.world until 2023-08-15 07:00Z", waiting.Action, StringComparison.Ordinal);
        Assert.Null(await app.Briefings.GetAsync(new BriefingKey(July), CancellationToken.None));
        Assert.Empty(JulyPosts());
        Assert.Contains("Briefing 2023-07 is not due yet", app.Logs.AllText, StringComparison.Ordinal);

        // SimilarWeb-like lateness: the figure arrives on the 10th, and the next daily run renders and sends July.
        app.Time.SetUtcNow(new DateTimeOffset(2023, 8, 10, 7, 0, 0, TimeSpan.Zero));
        await app.Metrics.WriteObservationsAsync([app.Observation(Expected, "2023-07", 1_500_000_000m)], CancellationToken.None);
        var second = await app.RunMonthlyAsync(app.Time.GetUtcNow());

        var stored = Assert.Single(second.Rendered, r => r.Month == July);
        Assert.Equal(1, stored.Version);
        Assert.Empty(stored.Provenance.MissingSeries);
        var post = Assert.Single(JulyPosts());
        Assert.Equal(stored.Sha256, post.GetProperty("sha256").GetString());
        Assert.Single(_smtp.Messages, m => m.Subject!.Contains("July 2023", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_deadline_renders_without_the_missing_series_and_says_so_on_the_sources_page()
    {
        using var app = NewApp(new DateTimeOffset(2023, 8, 15, 6, 59, 0, TimeSpan.Zero));
        await app.ImportSeedAsync(_seedFolder, withJuly: false);

        var before = await app.RunMonthlyAsync(app.Time.GetUtcNow());
        Assert.DoesNotContain(before.Rendered, r => r.Month == July);

        app.Time.Advance(TimeSpan.FromMinutes(1));
        var atDeadline = await app.RunMonthlyAsync(app.Time.GetUtcNow());

        var stored = Assert.Single(atDeadline.Rendered, r => r.Month == July);
        Assert.Equal([Expected], stored.Provenance.MissingSeries);
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(await app.Briefings.ReadAsync(stored, CancellationToken.None)))
        {
            var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            Assert.Contains("Still missing when this version was rendered", text, StringComparison.Ordinal);
            Assert.Contains("Test site visits, worldwide: its figure for July 2023 had not been published", text, StringComparison.Ordinal);
        }

        var status = await app.Services.GetRequiredService<Jobs.BriefingStatusService>().GetAsync(July, CancellationToken.None);
        Assert.True(status.Readiness.Due);
        Assert.Contains("the deadline 2023-08-15 07:00Z has passed; still missing: traffic.test.visits.world", status.Readiness.Reason, StringComparison.Ordinal);
        Assert.Equal(2, status.Deliveries.Count(d => d.Status == DeliveryStatus.Sent));
    }

    [Fact]
    public async Task A_revision_after_delivery_is_version_2_sent_as_a_revision_and_old_links_keep_serving_version_1()
    {
        using var app = NewApp(FirstOfAugust, s =>
        {
            s["Delivery:Subscribers:2:Name"] = "archive";
            s["Delivery:Subscribers:2:Channel"] = "webhook";
            s["Delivery:Subscribers:2:WebhookUrl"] = new Uri(_webhook.BaseAddress, "hooks/archive").ToString();
            s["Delivery:Subscribers:2:WebhookSecret"] = Secret;
            s["Delivery:Subscribers:2:Revisions"] = "false";
        });
        await app.ImportSeedAsync(_seedFolder);
        await app.RunMonthlyAsync(FirstOfAugust);
        var v1Post = JulyPosts().First(p => p.GetProperty("version").GetInt32() == 1);
        var v1 = (await app.Briefings.GetAsync(new BriefingKey(July), CancellationToken.None))!;

        // The source revises July's figure on the 20th; the next daily run makes version 2.
        app.Time.SetUtcNow(new DateTimeOffset(2023, 8, 20, 7, 0, 0, TimeSpan.Zero));
        await app.Metrics.WriteObservationsAsync([app.Observation(Expected, "2023-07", 1_550_000_000m)], CancellationToken.None);
        var run = await app.RunMonthlyAsync(app.Time.GetUtcNow());

        var v2 = Assert.Single(run.Rendered, r => r.Month == July);
        Assert.Equal((2, 1), (v2.Version, v2.Provenance.RevisionOf));
        Assert.Equal(["revised: traffic.test.visits.world 2023-07 from 1500000000 to 1550000000"], v2.Provenance.Changes);
        Assert.Equal("2023/2023-07.v2.pdf", v2.BlobName);

        var v2Posts = JulyPosts().Where(p => p.GetProperty("version").GetInt32() == 2).ToArray();
        var revised = Assert.Single(v2Posts);
        Assert.Equal(1, revised.GetProperty("revisionOf").GetInt32());
        Assert.Equal(v2.Provenance.Changes, revised.GetProperty("changes").EnumerateArray().Select(c => c.GetString()));
        Assert.DoesNotContain(_webhook.Requests, r => r.PathAndQuery.Contains("archive", StringComparison.Ordinal) && r.DeliveryId!.Contains("/v2/", StringComparison.Ordinal));
        var mail = Assert.Single(_smtp.Messages, m => m.Subject!.Contains("(revised, version 2)", StringComparison.Ordinal));
        Assert.Contains("This is a revision (version 2) of version 1. What changed:", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("from 1500000000 to 1550000000", mail.TextBody, StringComparison.Ordinal);

        // Version 1's link still serves version 1's bytes, whose sha256 is what its message said.
        using var http = new HttpClient();
        var oldBytes = await http.GetByteArrayAsync(v1Post.GetProperty("link").GetString());
        Assert.Equal(v1Post.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(oldBytes)));
        Assert.Equal(v1.Sha256, v1Post.GetProperty("sha256").GetString());
        Assert.NotEqual(v1.Sha256, v2.Sha256);
        var newBytes = await http.GetByteArrayAsync(revised.GetProperty("link").GetString());
        Assert.Equal(v2.Sha256, Convert.ToHexStringLower(SHA256.HashData(newBytes)));

        // Readers who ask for the month get the newest.
        var newest = await app.Briefings.OpenAsync(new BriefingKey(July), null, CancellationToken.None);
        await using (newest!.Value.Content)
        {
            Assert.Equal(2, newest.Value.Info.Version);
        }

        // Running again without a change renders nothing more.
        var again = await app.RunMonthlyAsync(app.Time.GetUtcNow());
        Assert.Empty(again.Rendered);
    }

    [Fact]
    public async Task A_crash_between_send_and_record_resends_with_the_same_delivery_id_and_message_id()
    {
        using var app = NewApp(FirstOfAugust);
        await app.ImportSeedAsync(_seedFolder);
        await app.MonthlyRun.RunAsync(FirstOfAugust, CancellationToken.None);

        // The worker dies while the receiver takes its first post: sent, never recorded.
        using var crash = new CancellationTokenSource();
        _webhook.OnRequest = () => crash.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => app.Delivery.DrainAsync(crash.Token));
        _webhook.OnRequest = null;
        var lost = Assert.Single(_webhook.Requests);
        var parts = lost.DeliveryId!.Split('/');
        var row = await app.Ledger.GetAsync(parts[0], parts[3], parts[1], int.Parse(parts[2][1..], CultureInfo.InvariantCulture), CancellationToken.None);
        Assert.Equal(DeliveryStatus.Sending, row!.Status);

        // Its message is back on the queue at once; once the claim has expired the next worker sends it again.
        app.Time.Advance(DeliveryLedger.ClaimTimeout + TimeSpan.FromMinutes(1));
        await app.Delivery.DrainAsync(CancellationToken.None);

        var same = _webhook.Requests.Where(r => r.DeliveryId == lost.DeliveryId).ToArray();
        Assert.Equal(2, same.Length);
        Assert.Equal(Sha256Of(same[0]), Sha256Of(same[1]));
        row = await app.Ledger.GetAsync(parts[0], parts[3], parts[1], int.Parse(parts[2][1..], CultureInfo.InvariantCulture), CancellationToken.None);
        Assert.Equal((DeliveryStatus.Sent, 2, lost.DeliveryId), (row!.Status, row.Attempts, row.DeliveryId));

        // Every email carries its delivery id as its Message-Id.
        Assert.Equal(3, _smtp.Messages.Count);
        Assert.All(_smtp.Messages, m => Assert.Matches(@"^2023-0[567]/en/v1/analyst@llmpulse\.invalid$", m.MessageId));
    }

    [Fact]
    public async Task A_stale_worker_cannot_overwrite_a_sent_row()
    {
        using var app = NewApp(FirstOfAugust);
        var wanted = new DeliveryRecord("2023-07", "team-chat", "webhook", "en", 1, DeliveryStatus.Queued, 0, null, FirstOfAugust, null) { DeliveryId = "2023-07/en/v1/team-chat" };
        var stale = await app.Ledger.TryClaimAsync(wanted, null, CancellationToken.None);
        Assert.NotNull(stale);
        Assert.Null(await app.Ledger.TryClaimAsync(wanted, null, CancellationToken.None));

        app.Time.Advance(DeliveryLedger.ClaimTimeout + TimeSpan.FromSeconds(1));
        var fresh = await app.Ledger.TryClaimAsync(wanted, null, CancellationToken.None);
        Assert.NotNull(await app.Ledger.CompleteAsync(fresh!, null, null, failedForGood: false, CancellationToken.None));

        Assert.Null(await app.Ledger.CompleteAsync(stale!, "HTTP 500", app.Time.GetUtcNow(), failedForGood: true, CancellationToken.None));
        Assert.Null(await app.Ledger.CompleteAsync(stale!, null, null, failedForGood: false, CancellationToken.None));
        var row = await app.Ledger.GetAsync("2023-07", "team-chat", "en", 1, CancellationToken.None);
        Assert.Equal((DeliveryStatus.Sent, 2, null), (row!.Status, row.Attempts, row.LastError));
    }

    [Fact]
    public async Task A_failing_webhook_is_retried_from_the_queue_and_poisoned_after_the_last_attempt()
    {
        // Retries due at once, so this process's drain sees every one of them.
        using var app = NewApp(FirstOfAugust, s =>
        {
            s["Delivery:MaxAttempts"] = "3";
            s["Delivery:RetryDelay"] = "00:00:00";
        });
        await app.ImportSeedAsync(_seedFolder);
        _webhook.AlwaysStatus = 500;

        var result = await app.RunMonthlyAsync(FirstOfAugust);

        Assert.False(result.Succeeded);
        var row = await app.Ledger.GetAsync("2023-07", "team-chat", CancellationToken.None);
        Assert.Equal((DeliveryStatus.Failed, 3), (row!.Status, row.Attempts));
        Assert.Contains("HTTP 500", row.LastError, StringComparison.Ordinal);
        Assert.Null(row.NextAttemptAt);
        var poisoned = await app.Queue.PeekPoisonAsync(CancellationToken.None);
        Assert.Equal(3, poisoned.Count);
        Assert.Contains(poisoned, p => DeliveryQueue.Deserialize(p) is { Month: "2023-07", Subscriber: "team-chat", Version: 1 });
        Assert.Equal(3, _webhook.Requests.Select(r => r.DeliveryId).Distinct().Count());
        Assert.Equal(3, _smtp.Messages.Count);

        // With the default settings the retries of one delivery all fall within the same day: minutes to an hour.
        var defaults = new DeliveryOptions();
        var waits = Enumerable.Range(1, defaults.MaxAttempts - 1).Select(defaults.RetryDelayAfter).ToArray();
        Assert.Equal(TimeSpan.FromMinutes(2), waits[0]);
        Assert.True(waits.Aggregate(TimeSpan.Zero, (a, b) => a + b) < TimeSpan.FromDays(1));
        Assert.All(waits, w => Assert.True(w <= defaults.MaxRetryDelay));
    }

    [Fact]
    public async Task Send_now_is_queued_once_per_request_even_when_its_message_comes_twice()
    {
        using var app = NewApp(FirstOfAugust);
        await app.ImportSeedAsync(_seedFolder);
        await app.RunMonthlyAsync(FirstOfAugust);

        var queued = await app.Delivery.QueueResendAsync(July, "team-chat", CancellationToken.None);
        var message = new DeliveryMessage("2023-07", "en", 1, "team-chat", "request-1");
        await app.Queue.SendAsync(message, null, CancellationToken.None);
        await app.Queue.SendAsync(message, null, CancellationToken.None);
        await app.Delivery.DrainAsync(CancellationToken.None);

        Assert.Equal(DeliveryStatus.Queued, Assert.Single(queued).Status);

        // The first run's post, the queued resend, and one for request-1 however often its message came.
        Assert.Equal(3, _webhook.Requests.Count(r => r.DeliveryId == "2023-07/en/v1/team-chat"));
    }

    [Fact]
    public async Task A_send_now_repeated_with_its_idempotency_key_sends_once_and_a_new_request_sends_again()
    {
        using var app = NewApp(FirstOfAugust);
        await app.ImportSeedAsync(_seedFolder);
        await app.RunMonthlyAsync(FirstOfAugust);

        // The client's first request was queued and sent, but its answer was lost (a 503 after storage came back,
        // say), so it tries again with the same key: the same request, sent once. A request of its own sends again.
        await app.Delivery.QueueResendAsync(July, "team-chat", "key-retry-1", CancellationToken.None);
        await app.Delivery.DrainAsync(CancellationToken.None);
        await app.Delivery.QueueResendAsync(July, "team-chat", "key-retry-1", CancellationToken.None);
        await app.Delivery.DrainAsync(CancellationToken.None);
        var afterRetry = _webhook.Requests.Count(r => r.DeliveryId == "2023-07/en/v1/team-chat");
        await app.Delivery.QueueResendAsync(July, "team-chat", "key-other", CancellationToken.None);
        await app.Delivery.DrainAsync(CancellationToken.None);

        // The first run's post and the one resend; then the other request's.
        Assert.Equal(2, afterRetry);
        Assert.Equal(3, _webhook.Requests.Count(r => r.DeliveryId == "2023-07/en/v1/team-chat"));
    }
}
