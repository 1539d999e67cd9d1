using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>
/// Says in the app's own log what to set when <see cref="BriefingSchedule.SettingName"/> is missing. Without the
/// setting the host cannot index MonthlyBriefing (the reconciler) and reports only that the expression does not resolve; the HTTP
/// functions keep working, so the missing reconciler would otherwise go unnoticed.
/// </summary>
internal sealed class BriefingScheduleCheck(IConfiguration configuration, ILogger<BriefingScheduleCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(configuration[BriefingSchedule.SettingName]))
        {
            logger.LogError(
                "App setting {Setting} is not set, so the briefing reconciler never runs. Set it to an NCRONTAB schedule in UTC, normally '{DefaultSchedule}' (07:00 UTC daily).",
                BriefingSchedule.SettingName,
                BriefingSchedule.Default);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
