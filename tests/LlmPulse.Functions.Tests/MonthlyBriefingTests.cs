using LlmPulse.Briefings;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class MonthlyBriefingTests(AzuriteServer azurite)
{
    [Fact]
    public async Task The_run_on_the_first_of_the_month_stores_the_briefing_of_the_month_that_just_ended()
    {
        var now = new DateTimeOffset(2023, 8, 1, 7, 0, 0, TimeSpan.Zero);
        using var app = FunctionsApp.OnAzurite(azurite, now);
        await app.ImportTinySeedAsync();

        await app.Function<MonthlyBriefing>().Run(OnTime(), CancellationToken.None);

        var stored = Assert.Single(await app.Services.GetRequiredService<BriefingStore>().ListAsync(CancellationToken.None));
        Assert.Equal(new BriefingMonth(2023, 7), stored.Month);
        Assert.Equal(now, stored.GeneratedAt);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_run_that_is_past_due_still_briefs_the_previous_month_and_says_it_was_late()
    {
        // Three days late, e.g. the app was stopped on the 1st.
        var now = new DateTimeOffset(2023, 8, 4, 10, 30, 0, TimeSpan.Zero);
        using var app = FunctionsApp.OnAzurite(azurite, now);
        await app.ImportTinySeedAsync();

        await app.Function<MonthlyBriefing>().Run(new TimerInfo { IsPastDue = true }, CancellationToken.None);

        var stored = Assert.Single(await app.Services.GetRequiredService<BriefingStore>().ListAsync(CancellationToken.None));
        Assert.Equal(new BriefingMonth(2023, 7), stored.Month);
        var warning = Assert.Single(app.Logs.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("past due", warning.Message, StringComparison.Ordinal);
        Assert.Contains("2023-07", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_run_is_reported_to_the_host_with_a_log_that_says_how_to_make_up_for_it()
    {
        // Nothing imported: the data the briefing needs is missing.
        using var app = FunctionsApp.OnAzurite(azurite, new DateTimeOffset(2023, 8, 1, 7, 0, 0, TimeSpan.Zero));

        await Assert.ThrowsAsync<NoDataException>(() => app.Function<MonthlyBriefing>().Run(OnTime(), CancellationToken.None));

        var error = Assert.Single(app.Logs.Lines, l => l.Level == LogLevel.Error);
        Assert.Contains("POST /api/briefings/2023-07", error.Message, StringComparison.Ordinal);
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
