using LlmPulse.Collectors;
using LlmPulse.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>What the three collector timers share: collect one group's sources and say how it went.</summary>
internal static class CollectorTimer
{
    public static async Task RunAsync(CollectorService collector, CollectorGroup group, TimerInfo timer, ILogger logger, CancellationToken cancellationToken)
    {
        if (timer.IsPastDue)
        {
            logger.LogWarning("The {Group} collection is past due (the app was stopped or busy at its scheduled time); collecting now", group.ToText());
        }

        CollectionReport report;
        try
        {
            report = await collector.CollectAsync(new CollectionRequest { Group = group, Trigger = "timer" }, null, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageUnavailableException e)
        {
            // The host does not retry a timer run: the next scheduled run picks up from what got stored.
            logger.LogError("The {Group} collection stopped: storage is unreachable at {Endpoint}. The next run continues from what was stored; POST /api/collect/{{source}} runs one now", group.ToText(), e.Endpoint.GetLeftPart(UriPartial.Authority));
            throw;
        }

        // A failed source is recorded in its run and retried on the next run; failing the whole invocation for it
        // would hide the sources that succeeded.
        var failed = report.Runs.Where(r => r.Status == RunStatus.Failed).ToArray();
        if (failed.Length > 0)
        {
            logger.LogError(
                "{Failed} of {Sources} {Group} sources failed ({FailedSources}); see GET /api/runs. POST /api/collect/{{source}} runs one again",
                failed.Length, report.Runs.Count, group.ToText(), string.Join(", ", failed.Select(r => r.Source)));
        }
        else
        {
            logger.LogInformation("Collected {Sources} {Group} sources: {Written} observations written, {Revised} revised", report.Runs.Count, group.ToText(), report.Written, report.Revised);
        }

        if (timer.ScheduleStatus?.Next is { } next)
        {
            logger.LogInformation("Next {Group} collection at {NextRun:u}", group.ToText(), next.ToUniversalTime());
        }
    }
}
