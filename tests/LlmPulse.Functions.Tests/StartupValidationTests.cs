using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LlmPulse.Functions.Tests;

/// <summary>The Functions app refuses to start on wrong settings, with one line per problem, as Program.cs prints them.</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public void Every_wrong_setting_is_one_line_and_the_host_does_not_start()
    {
        var settings = new Dictionary<string, string?>
        {
            [BriefingSchedule.SettingName] = "every first of the month",
            [CollectorSchedules.TrafficSetting] = "0 0 6 * *",
            [CollectorSchedules.IndexesSetting] = CollectorSchedules.IndexesDefault,
            ["Briefings:CatchUpMonths"] = "0",
            ["Storage:BriefingsContainer"] = "Briefings",
            ["Collectors:MaxRetryAttempts"] = "0",
            ["Sources:my-feed:Adapter"] = "ftp-feed",
            ["Sources:my-feed:Group"] = "investment",
            ["Sources:my-feed:BaseUrl"] = "https://data.example.org",
            ["Sources:my-feed:ReportedBy"] = "Example",
            ["Delivery:Subscribers:0:Name"] = "chat",
            ["Delivery:Subscribers:0:Channel"] = "webhook",
            ["Delivery:Subscribers:0:WebhookUrl"] = "http://chat.example.test/hook",
            ["Delivery:Subscribers:0:WebhookSecret"] = "s3cret",
        };
        using var app = FunctionsApp.WithAppSettings(settings);

        var problems = ConfigurationProblems.Check(app.Services);

        Assert.Equal(
            [
                "Briefings:CatchUpMonths is 0; expected 1 to 120.",
                "COLLECT_TRAFFIC_SCHEDULE '0 0 6 * *' is not an NCRONTAB schedule with six fields (second minute hour day month weekday), such as '0 0 7 * * *'.",
                "Collectors:MaxRetryAttempts is 0; expected 1 to 10.",
                "Delivery:Subscribers:0 ('chat') has an http:// WebhookUrl; use https:// (plain http is allowed only in the Development environment, since the body links to the briefing).",
                "RECONCILE_SCHEDULE 'every first of the month' is not an NCRONTAB schedule with six fields (second minute hour day month weekday), such as '0 0 7 * * *'.",
                "Sources:my-feed: Adapter 'ftp-feed' is unknown; expected one of csv-feed, eastmoney-board, similarweb, tranco, wikimedia-pageviews, yahoo-chart.",
                "Sources:my-feed: the source has no series; add one under Series or set Enabled to false.",
                "Storage:BriefingsContainer 'Briefings' is not a blob container name: 3 to 63 lower-case letters, digits and single dashes.",
            ],
            problems.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_host_built_like_program_cs_fails_to_start_on_the_same_check()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [BriefingSchedule.SettingName] = "sometimes" });
        builder.Services.AddLlmPulseFunctions(builder.Configuration);
        using var host = builder.Build();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.True(ConfigurationProblems.TryRead(failure, out var problems));
        Assert.Equal(["RECONCILE_SCHEDULE 'sometimes' is not an NCRONTAB schedule with six fields (second minute hour day month weekday), such as '0 0 7 * * *'."], problems);
    }

    [Fact]
    public void The_shipped_settings_pass()
    {
        using var app = FunctionsApp.WithAppSettings(new Dictionary<string, string?>
        {
            [BriefingSchedule.SettingName] = BriefingSchedule.Default,
            [CollectorSchedules.TrafficSetting] = CollectorSchedules.TrafficDefault,
            [CollectorSchedules.IndexesSetting] = CollectorSchedules.IndexesDefault,
            [CollectorSchedules.InvestmentSetting] = CollectorSchedules.InvestmentDefault,
        });

        Assert.Empty(ConfigurationProblems.Check(app.Services));
        Assert.NotNull(app.Services.GetRequiredService<IOptions<TimerSchedules>>().Value);
    }
}
