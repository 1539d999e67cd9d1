using LlmPulse.Jobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>
/// On the <see cref="BriefingSchedule.SettingName"/> schedule (daily): one step of the briefing reconciler, exactly
/// as <c>llmpulse monthly --as-of</c> does it. Renders each month's briefing once it is due, new versions when a
/// month's figures changed, catches up missed months, and queues deliveries; DeliverBriefing sends them.
/// </summary>
public sealed class MonthlyBriefing(MonthlyRun run, TimeProvider time, ILogger<MonthlyBriefing> logger)
{
    [Function(nameof(MonthlyBriefing))]
    public async Task Run([TimerTrigger(BriefingSchedule.Binding)] TimerInfo timer, CancellationToken cancellationToken)
    {
        // "Now", not the scheduled time: a run that is late by a day still briefs the month that has just ended,
        // and the catch-up renders whatever was missed while the app was down.
        var now = time.GetUtcNow();
        if (timer.IsPastDue)
        {
            logger.LogWarning("The monthly run is past due (the app was stopped or busy at its scheduled time); running now, as of {AsOf:O}", now);
        }

        MonthlyRunResult result;
        try
        {
            result = await run.RunAsync(now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The host does not retry a failed timer run, so say how to make up for it.
            logger.LogError(e, "The reconciler run failed and will not be retried by the host: the next run catches up, or run 'llmpulse monthly' once the cause is fixed");
            throw;
        }

        if (!result.Succeeded)
        {
            // Render failures are logged; the next run tries again. The run shows as failed.
            throw new InvalidOperationException($"The monthly run finished with {result.Failures.Count} render failure(s): {string.Join("; ", result.Failures)}");
        }

        if (timer.ScheduleStatus?.Next is { } next)
        {
            logger.LogInformation("Next monthly run at {NextRun:u}", next.ToUniversalTime());
        }
    }
}
