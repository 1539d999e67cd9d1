using LlmPulse.Collectors;
using LlmPulse.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>
/// On each message of the <see cref="CollectQueue.DefaultName"/> queue: collects one source for one collection
/// request (<see cref="CollectionRequests.HandleAsync"/>). A source that fails is recorded as failed in its run and
/// not retried here (the next timer run picks up from what was stored); storage going away throws, and the host
/// tries the message again, then moves it to <c>collect-poison</c>.
/// </summary>
public sealed class CollectSource(CollectionRequests collections, ILogger<CollectSource> logger)
{
    [Function(nameof(CollectSource))]
    public async Task Run([QueueTrigger(CollectQueue.DefaultName)] string message, CancellationToken cancellationToken)
    {
        if (CollectQueue.Deserialize(message) is not { } body)
        {
            logger.LogError("A message on the {Queue} queue is not a collection; moved to the poison queue", CollectQueue.DefaultName);
            await collections.Queue.SendToPoisonAsync(message, cancellationToken).ConfigureAwait(false);
            return;
        }

        var run = await collections.HandleAsync(body, cancellationToken).ConfigureAwait(false);
        if (run is { Status: RunStatus.Failed })
        {
            logger.LogError("Collection {Request} of {Source} failed: {Error}. GET /api/runs/{Request} shows it; POST /api/collect/{{source}} runs it again", body.Request, body.Source, run.Error, body.Request);
        }
    }
}
