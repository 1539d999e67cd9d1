using LlmPulse.Briefings;
using LlmPulse.Delivery.Tests.Support;
using LlmPulse.Storage;
using LlmPulse.Testing;

namespace LlmPulse.Delivery.Tests;

/// <summary>
/// Storage going away in the middle of a monthly reconciler step (after the first month's version was stored), then
/// coming back and the step running again: every month ends with one version, each subscriber has each month once
/// (one ledger row, sent, one email or webhook), and nothing is sent twice. Its own Azurite, keeping data on disk,
/// so that stopping it disturbs no other test.
/// </summary>
public sealed class MonthlyOutageTests : IAsyncLifetime
{
    private const string Secret = "webhook-secret-for-tests";
    private static readonly DateTimeOffset FirstOfAugust = new(2023, 8, 1, 7, 0, 0, TimeSpan.Zero);
    private readonly string _azuriteFolder = Directory.CreateTempSubdirectory("llmpulse-azurite-").FullName;
    private readonly string _seedFolder = Directory.CreateTempSubdirectory("llmpulse-outage-seeds-").FullName;
    private SmtpTestServer _smtp = null!;
    private WebhookReceiver _webhook = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpTestServer.StartAsync();
        _webhook = await WebhookReceiver.StartAsync([Secret], new Microsoft.Extensions.Time.Testing.FakeTimeProvider(FirstOfAugust));
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _webhook.DisposeAsync();
        Directory.Delete(_seedFolder, recursive: true);
        Directory.Delete(_azuriteFolder, recursive: true);
    }

    [Fact]
    public async Task A_monthly_step_cut_off_by_storage_going_away_is_completed_by_the_next_with_one_version_and_one_delivery_each()
    {
        using var azurite = AzuriteServer.Persistent(_azuriteFolder);
        var storage = StorageNames.Unique(azurite.ConnectionString);
        var settings = DeliveryApp.Subscribers(_smtp.Port, _webhook.BaseAddress, Secret);
        using (var cut = new DeliveryApp(storage, settings, FirstOfAugust))
        {
            await cut.ImportSeedAsync(_seedFolder);
            var stored = 0;
            cut.Briefings.AfterVersionStoredForTests = async ct =>
            {
                if (Interlocked.Increment(ref stored) == 2)
                {
                    // Azurite saves to disk every few seconds: what was done so far reaches the disk, then storage goes.
                    await Task.Delay(TimeSpan.FromSeconds(6), ct);
                    azurite.Stop();
                }
            };

            await Assert.ThrowsAsync<StorageUnavailableException>(() => cut.RunMonthlyAsync(FirstOfAugust));
            Assert.False(azurite.IsRunning);
        }

        azurite.Start();
        using var app = new DeliveryApp(storage, settings, FirstOfAugust.AddMinutes(1));
        var result = await app.RunMonthlyAsync(app.Time.GetUtcNow());

        Assert.True(result.Succeeded);
        foreach (var month in new[] { "2023-05", "2023-06", "2023-07" })
        {
            var version = Assert.Single(await app.Briefings.GetVersionsAsync(new BriefingKey(BriefingMonth.Parse(month)), CancellationToken.None));
            Assert.Equal(1, version.Version);

            // Whole, even the version stored as storage went: figures to revise against, a cover for its email.
            Assert.NotNull(await app.Briefings.GetFiguresAsync(version, CancellationToken.None));
            Assert.NotNull(await app.Briefings.ReadCoverAsync(version.Sha256, CancellationToken.None));
        }

        Assert.All(_smtp.Messages, m => Assert.Single(m.BodyParts, p => p.ContentType.MimeType == "image/png"));

        var ledger = await app.Ledger.ListAsync(100, CancellationToken.None);
        Assert.Equal(6, ledger.Count);
        Assert.All(ledger, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        Assert.Equal(3, _smtp.Messages.Count);
        Assert.Equal(3, _smtp.Messages.Select(m => m.Subject).Distinct().Count());
        Assert.Equal(3, _webhook.Requests.Count);
        Assert.Equal(3, _webhook.Requests.Select(r => r.Id).Distinct().Count());
    }
}
