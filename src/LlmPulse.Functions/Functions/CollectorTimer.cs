using LlmPulse.Collectors;
using LlmPulse.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>
/// What the three collector timers share: queue one group's sources on the collect queue, the same messages as
/// POST /api/collect, and say so. CollectSource does the work; each source's run is recorded (GET /api/runs/{id}).
/// </summary>
internal static class CollectorTimer
{
    public static async Task RunAsync(CollectionRequests collections, CollectorGroup group, TimerInfo timer, ILogger logger, CancellationToken cancellationToken)
    {
        if (timer.IsPastDue)
        {
            logger.LogWarning("The {Group} collection is past due (the app was stopped or busy at its scheduled time); collecting now", group.ToText());
        }

        QueuedCollection queued;
        try
        {
            queued = await collections.EnqueueAsync(new CollectionRequest { Group = group, Trigger = "timer" }, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageUnavailableException e)
        {
            // The host does not retry a timer run: the next scheduled run picks up from what got stored.
            logger.LogError("The {Group} collection could not be queued: storage is unreachable at {Endpoint}. The next run continues from what was stored; POST /api/collect/{{source}} runs one now", group.ToText(), e.Endpoint.GetLeftPart(UriPartial.Authority));
            throw;
        }

        logger.LogInformation("Queued the {Group} collection {Request}: {Sources}; GET /api/runs/{Request} follows it", group.ToText(), queued.Request, string.Join(", ", queued.Runs.Select(r => r.Source)), queued.Request);
        if (timer.ScheduleStatus?.Next is { } next)
        {
            logger.LogInformation("Next {Group} collection at {NextRun:u}", group.ToText(), next.ToUniversalTime());
        }
    }
}
