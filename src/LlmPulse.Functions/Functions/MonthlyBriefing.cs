using LlmPulse.Briefings;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>On the <see cref="BriefingSchedule.SettingName"/> schedule: builds and stores the previous month's briefing.</summary>
public sealed class MonthlyBriefing(BriefingService briefings, TimeProvider time, ILogger<MonthlyBriefing> logger)
{
    [Function(nameof(MonthlyBriefing))]
    public async Task Run([TimerTrigger(BriefingSchedule.Binding)] TimerInfo timer, CancellationToken cancellationToken)
    {
        // "Now", not the scheduled time: a run that is late by a day still briefs the month that has just ended.
        var month = BriefingService.PreviousMonth(time.GetUtcNow());
        if (timer.IsPastDue)
        {
            logger.LogWarning("The monthly briefing run is past due (the app was stopped or busy at its scheduled time); building {Month} now", month.ToString());
        }
        else
        {
            logger.LogInformation("Building the monthly briefing for {Month}", month.ToString());
        }

        try
        {
            await briefings.CreateAsync(month, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The host does not retry a failed timer run, so say how to make up for it.
            logger.LogError(e, "The monthly briefing failed and will not be retried: POST /api/briefings/{Month} builds it once the cause is fixed", month.ToString());
            throw;
        }

        if (timer.ScheduleStatus?.Next is { } next)
        {
            logger.LogInformation("Next monthly briefing run at {NextRun:u}", next.ToUniversalTime());
        }
    }
}
