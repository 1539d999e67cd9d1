using System.Text.Json;
using LlmPulse.Delivery.Tests.Support;
using LlmPulse.Storage;
using LlmPulse.Testing;

namespace LlmPulse.Delivery.Tests;

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteServer>
{
    public const string Name = "Azurite";
}

/// <summary>
/// The monthly run end to end: seeds in Azurite, briefings rendered and stored, then delivered to a reader on a real
/// SMTP server and a chat tool on a real HTTP receiver, exactly once from their point of view.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MonthlyDeliveryTests(AzuriteServer azurite) : IAsyncLifetime
{
    private const string Secret = "webhook-secret-for-tests";
    private static readonly DateTimeOffset FirstOfAugust = new(2023, 8, 1, 7, 0, 0, TimeSpan.Zero);

    private readonly string _seedFolder = Path.Combine(Path.GetTempPath(), "llmpulse-delivery-" + Guid.NewGuid().ToString("N"));
    private readonly StorageOptions _storage = StorageNames.Unique(azurite.ConnectionString);
    private SmtpTestServer _smtp = null!;
    private WebhookReceiver _webhook = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpTestServer.StartAsync();
        // The receiver checks timestamps against the app's clock, which the tests set to 2023.
        _webhook = await WebhookReceiver.StartAsync([Secret], new Microsoft.Extensions.Time.Testing.FakeTimeProvider(FirstOfAugust));
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

    private DeliveryApp NewApp(int maxAttempts = 5, DateTimeOffset? now = null, TimeSpan? linkExpiry = null)
    {
        var settings = DeliveryApp.Subscribers(_smtp.Port, _webhook.BaseAddress, Secret, maxAttempts);
        if (linkExpiry is { } expiry)
        {
            settings["Delivery:LinkExpiry"] = expiry.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }

        return new(_storage, settings, now ?? FirstOfAugust);
    }

    [Fact]
    public async Task The_monthly_run_mails_the_stored_pdf_and_posts_a_signed_link_to_it()
    {
        // The clock says 2023 but Azurite checks links against the real time: the link must outlive the gap.
        using var app = NewApp(linkExpiry: TimeSpan.FromDays(366 * 20));
        await app.ImportSeedAsync(_seedFolder);

        var result = await app.RunMonthlyAsync(FirstOfAugust);

        Assert.True(result.Succeeded);
        Assert.Equal(["2023-05", "2023-06", "2023-07"], result.Months.Select(m => m.ToString()));
        Assert.Equal(6, result.Deliveries.Count(d => d.Status == DeliveryStatus.Sent));

        var july = await app.StoredPdfAsync("2023-07");
        var mail = Assert.Single(_smtp.Messages, m => m.Subject!.Contains("July 2023", StringComparison.Ordinal));
        var attachment = Assert.Single(mail.Attachments.OfType<MimeKit.MimePart>());
        using (var bytes = new MemoryStream())
        {
            await attachment.Content!.DecodeToAsync(bytes);
            Assert.Equal(july, bytes.ToArray());
        }

        Assert.Contains("second consecutive month", mail.TextBody, StringComparison.Ordinal);

        var post = Assert.Single(_webhook.Requests, r => JsonDocument.Parse(r.Body).RootElement.GetProperty("month").GetString() == "2023-07");
        Assert.True(post.SignatureValid);
        var body = JsonDocument.Parse(post.Body).RootElement;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(july)), body.GetProperty("sha256").GetString());

        // The link is real: a reader without any key downloads the very PDF with it, until it expires.
        using var http = new HttpClient();
        Assert.Equal(july, await http.GetByteArrayAsync(body.GetProperty("link").GetString()));
    }

    [Fact]
    public async Task A_subscriber_gets_only_the_edition_it_chose()
    {
        var settings = DeliveryApp.Subscribers(_smtp.Port, _webhook.BaseAddress, Secret);
        settings["Delivery:Subscribers:1:Edition"] = "ar";
        using var app = new DeliveryApp(_storage, settings, FirstOfAugust);
        await app.ImportSeedAsync(_seedFolder);

        var result = await app.RunMonthlyAsync(FirstOfAugust);

        // English by configuration, Arabic because a subscriber reads it.
        Assert.Equal(6, result.Rendered.Count);
        Assert.All(_webhook.Requests, r =>
        {
            var body = JsonDocument.Parse(r.Body).RootElement;
            Assert.Equal("ar", body.GetProperty("edition").GetString());
            Assert.EndsWith(".ar.pdf", body.GetProperty("fileName").GetString(), StringComparison.Ordinal);
        });
        Assert.All(_smtp.Messages, m => Assert.DoesNotContain(".ar.pdf", m.Attachments.Single().ContentDisposition!.FileName, StringComparison.Ordinal));
        var arabicJuly = (await app.Briefings.GetAsync(new BriefingKey(global::LlmPulse.Briefings.BriefingMonth.Parse("2023-07"), "ar"), CancellationToken.None))!;
        var julyPost = _webhook.Requests.Single(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("month").GetString() == "2023-07");
        Assert.Equal(arabicJuly.Sha256, JsonDocument.Parse(julyPost.Body).RootElement.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Rerunning_the_monthly_run_never_sends_twice()
    {
        using var app = NewApp();
        await app.ImportSeedAsync(_seedFolder);
        await app.RunMonthlyAsync(FirstOfAugust);

        app.Time.Advance(TimeSpan.FromHours(3));
        var again = await app.RunMonthlyAsync(app.Time.GetUtcNow());

        Assert.Equal(3, _smtp.Messages.Count);
        Assert.Equal(3, _webhook.Requests.Count);
        Assert.All(again.Deliveries, d => Assert.Equal("skipped: already sent", d.Detail));
        Assert.All(await app.Ledger.ListAsync(100, CancellationToken.None), r => Assert.Equal((DeliveryStatus.Sent, 1), (r.Status, r.Attempts)));
    }

    [Fact]
    public async Task Two_monthly_runs_at_once_deliver_each_briefing_once()
    {
        using var first = NewApp();
        using var second = NewApp();
        await first.ImportSeedAsync(_seedFolder);

        var results = await Task.WhenAll(
            Task.Run(() => first.RunMonthlyAsync(FirstOfAugust)),
            Task.Run(() => second.RunMonthlyAsync(FirstOfAugust)));

        Assert.Equal(3, _smtp.Messages.Count);
        Assert.Equal(3, _smtp.Messages.Select(m => m.Subject).Distinct().Count());
        Assert.Equal(3, _webhook.Requests.Count);
        Assert.Equal(6, results.Sum(r => r.Deliveries.Count(d => d.Detail.StartsWith("sent", StringComparison.Ordinal))));
        var stored = await first.Briefings.ListAsync(CancellationToken.None);
        Assert.Equal(3, stored.Count);
        Assert.All(stored, s => Assert.Empty(s.Versions));
    }

    [Fact]
    public async Task A_failed_delivery_is_recorded_and_retried_on_the_next_run_without_resending_the_others()
    {
        using var app = NewApp();
        await app.ImportSeedAsync(_seedFolder);
        _smtp.Accepting = false;

        var failed = await app.RunMonthlyAsync(FirstOfAugust);

        Assert.False(failed.Succeeded);
        Assert.Empty(_smtp.Messages);
        Assert.Equal(3, _webhook.Requests.Count);
        var record = await app.Ledger.GetAsync("2023-07", "analyst", CancellationToken.None);
        // Queued again with its error, due two minutes later (the first retry delay), not next month.
        Assert.Equal((DeliveryStatus.Queued, 1), (record!.Status, record.Attempts));
        Assert.Contains("550", record.LastError, StringComparison.Ordinal);
        Assert.Equal(FirstOfAugust.AddMinutes(2), record.NextAttemptAt);

        // The retry's message is hidden for those two minutes of real time; a day later (on the fake clock) the
        // reconciler finds it overdue and queues it again, so a lost message cannot strand a delivery either.
        _smtp.Accepting = true;
        app.Time.Advance(TimeSpan.FromDays(1));
        var retried = await app.RunMonthlyAsync(app.Time.GetUtcNow());

        Assert.True(retried.Succeeded);
        Assert.Equal(3, _smtp.Messages.Count);
        Assert.Equal(3, _webhook.Requests.Count);
        record = await app.Ledger.GetAsync("2023-07", "analyst", CancellationToken.None);
        Assert.Equal((DeliveryStatus.Sent, 2, null), (record!.Status, record.Attempts, record.LastError));
    }

    [Fact]
    public async Task A_delivery_that_keeps_failing_stops_being_retried_after_the_limit()
    {
        using var app = NewApp(maxAttempts: 2);
        await app.ImportSeedAsync(_seedFolder);
        _webhook.AlwaysStatus = 500;

        for (var run = 0; run < 3; run++)
        {
            await app.RunMonthlyAsync(app.Time.GetUtcNow());
            app.Time.Advance(TimeSpan.FromDays(1));
        }

        var record = await app.Ledger.GetAsync("2023-07", "team-chat", CancellationToken.None);
        Assert.Equal((DeliveryStatus.Failed, 2), (record!.Status, record.Attempts));
        Assert.Contains("HTTP 500", record.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, record.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, app.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_now_delivers_again_to_the_one_subscriber_asked_for()
    {
        using var app = NewApp();
        await app.ImportSeedAsync(_seedFolder);
        await app.RunMonthlyAsync(FirstOfAugust);

        var outcomes = await app.Delivery.DeliverAsync(global::LlmPulse.Briefings.BriefingMonth.Parse("2023-07"), "analyst", resend: true, CancellationToken.None);

        var outcome = Assert.Single(outcomes);
        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Equal(4, _smtp.Messages.Count);
        Assert.Equal(3, _webhook.Requests.Count);
    }

    [Fact]
    public async Task Send_now_after_a_forced_render_delivers_the_newest_version()
    {
        using var app = NewApp();
        await app.ImportSeedAsync(_seedFolder);
        await app.RunMonthlyAsync(FirstOfAugust);
        var july = global::LlmPulse.Briefings.BriefingMonth.Parse("2023-07");
        app.Time.Advance(TimeSpan.FromDays(2));
        var forced = await app.BriefingService.CreateAsync(new BriefingKey(july), force: true, CancellationToken.None);

        await app.Delivery.DeliverAsync(july, "team-chat", resend: true, CancellationToken.None);

        var body = JsonDocument.Parse(_webhook.Requests[^1].Body).RootElement;
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Equal(forced.Stored.Sha256, body.GetProperty("sha256").GetString());
        var record = await app.Ledger.GetAsync("2023-07", "team-chat", CancellationToken.None);
        Assert.Equal((DeliveryStatus.Sent, 2), (record!.Status, record.Version));
    }

    [Fact]
    public async Task The_email_shows_the_cover_stored_with_the_briefing_it_delivers()
    {
        using var app = NewApp();
        await app.ImportSeedAsync(_seedFolder);

        await app.RunMonthlyAsync(FirstOfAugust);

        var stored = (await app.Briefings.GetAsync(new BriefingKey(global::LlmPulse.Briefings.BriefingMonth.Parse("2023-07")), CancellationToken.None))!;
        var cover = await app.Briefings.ReadCoverAsync(stored.Sha256, CancellationToken.None);
        Assert.NotNull(cover);
        Assert.Equal(3, cover.Cover.Tiles.Count);

        var mail = Assert.Single(_smtp.Messages, m => m.Subject!.Contains("July 2023", StringComparison.Ordinal));
        var image = Assert.IsType<MimeKit.MimePart>(Assert.Single(mail.BodyParts, p => p.ContentType.MimeType == "image/png"));
        using var png = new MemoryStream();
        await image.Content!.DecodeToAsync(png);
        Assert.Equal(cover.Png, png.ToArray());
        Assert.Contains(cover.Cover.Tiles[0].Value!, mail.HtmlBody, StringComparison.Ordinal);

        // Covers live beside the briefings without being listed as one.
        Assert.All(await app.Briefings.ListAsync(CancellationToken.None), b => Assert.EndsWith(".pdf", b.Current.BlobName, StringComparison.Ordinal));
    }
}
