using LlmPulse.Briefings;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions.Tests;

/// <summary>
/// The reconciler's timer, through the function door. The tiny seed has data for May to July 2023; the shipped
/// sources are configured but collected nothing, so each month waits for its deadline (the 15th, 07:00 UTC).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MonthlyBriefingTests(AzuriteServer azurite)
{
    private static async Task<IReadOnlyList<StoredBriefing>> StoredAsync(FunctionsApp app) =>
        await app.Services.GetRequiredService<BriefingStore>().ListAsync(CancellationToken.None);

    [Fact]
    public async Task The_daily_run_stores_every_due_briefing_and_waits_for_the_month_whose_data_is_not_in()
    {
        var now = new DateTimeOffset(2023, 8, 1, 7, 0, 0, TimeSpan.Zero);
        using var app = FunctionsApp.OnAzurite(azurite, now);
        await app.ImportTinySeedAsync();

        await app.Function<MonthlyBriefing>().Run(OnTime(), CancellationToken.None);

        var stored = await StoredAsync(app);
        Assert.Equal(["2023-06", "2023-05"], stored.Select(s => s.Current.Month.ToString()));
        Assert.All(stored, s => Assert.Equal(now, s.Current.GeneratedAt));
        Assert.Contains(app.Logs.Lines, l => l.Message.Contains("Briefing 2023-07 is not due yet: waiting for", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Level >= LogLevel.Warning);

        // At July's deadline it is rendered with what is there.
        app.Time.SetUtcNow(new DateTimeOffset(2023, 8, 15, 7, 0, 0, TimeSpan.Zero));
        await app.Function<MonthlyBriefing>().Run(OnTime(), CancellationToken.None);

        var july = (await StoredAsync(app)).First().Current;
        Assert.Equal((new BriefingMonth(2023, 7), 1), (july.Month, july.Version));
        Assert.NotEmpty(july.Provenance.MissingSeries);
    }

    [Fact]
    public async Task A_rerun_never_renders_a_stored_month_again()
    {
        using var app = FunctionsApp.OnAzurite(azurite, new DateTimeOffset(2023, 8, 1, 7, 0, 0, TimeSpan.Zero));
        await app.ImportTinySeedAsync();
        await app.Function<MonthlyBriefing>().Run(OnTime(), CancellationToken.None);
        var first = await StoredAsync(app);

        app.Time.Advance(TimeSpan.FromHours(2));
        await app.Function<MonthlyBriefing>().Run(OnTime(), CancellationToken.None);

        var second = await StoredAsync(app);
        Assert.Equal(first.Select(s => (s.Current.BlobName, s.Current.ETag, s.Current.Version)), second.Select(s => (s.Current.BlobName, s.Current.ETag, s.Current.Version)));
        Assert.All(second, s => Assert.Empty(s.Versions));
    }

    [Fact]
    public async Task Months_missed_while_the_app_was_down_are_caught_up_by_the_next_run()
    {
        using var app = FunctionsApp.OnAzurite(azurite, new DateTimeOffset(2023, 6, 15, 7, 0, 0, TimeSpan.Zero));
        await app.ImportTinySeedAsync();
        await app.Function<MonthlyBriefing>().Run(OnTime(), CancellationToken.None);
        Assert.Equal(["2023-05"], (await StoredAsync(app)).Select(s => s.Current.Month.ToString()));

        // Down from 16 June; back on 15 August, past due.
        app.Time.SetUtcNow(new DateTimeOffset(2023, 8, 15, 10, 30, 0, TimeSpan.Zero));
        await app.Function<MonthlyBriefing>().Run(new TimerInfo { IsPastDue = true }, CancellationToken.None);

        var stored = await StoredAsync(app);
        Assert.Equal(["2023-07", "2023-06", "2023-05"], stored.Select(s => s.Current.Month.ToString()));
        Assert.Equal(new DateTimeOffset(2023, 6, 15, 7, 0, 0, TimeSpan.Zero), stored.Single(s => s.Current.Month == new BriefingMonth(2023, 5)).Current.GeneratedAt);
        var warning = Assert.Single(app.Logs.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("past due", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_with_no_data_yet_renders_nothing_and_does_not_fail()
    {
        using var app = FunctionsApp.OnAzurite(azurite, new DateTimeOffset(2023, 8, 1, 7, 0, 0, TimeSpan.Zero));

        await app.Function<MonthlyBriefing>().Run(OnTime(), CancellationToken.None);

        Assert.Empty(await StoredAsync(app));
    }

    [Fact]
    public async Task A_run_that_cannot_reach_storage_fails_and_says_how_to_make_up_for_it()
    {
        var port = AzuriteServer.FreePort();
        using var app = FunctionsApp.WithAppSettings(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = $"DefaultEndpointsProtocol=http;AccountName=nobody;AccountKey={Convert.ToBase64String(new byte[32])};BlobEndpoint=http://127.0.0.1:{port}/nobody;TableEndpoint=http://127.0.0.1:{port}/nobody;",
            ["Storage:MaxRetries"] = "0",
        });

        await Assert.ThrowsAsync<StorageUnavailableException>(() => app.Function<MonthlyBriefing>().Run(OnTime(), CancellationToken.None));

        var error = Assert.Single(app.Logs.Lines, l => l.Level == LogLevel.Error);
        Assert.Contains("llmpulse monthly", error.Message, StringComparison.Ordinal);
    }

    private static TimerInfo OnTime() => new()
    {
        IsPastDue = false,
        ScheduleStatus = new ScheduleStatus
        {
            Last = new DateTime(2023, 7, 1, 7, 0, 0, DateTimeKind.Utc),
            Next = new DateTime(2023, 9, 1, 7, 0, 0, DateTimeKind.Utc),
        },
    };
}
