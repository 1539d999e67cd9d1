using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace LlmPulse.Storage;

/// <summary>What draining a queue in-process did.</summary>
public sealed record DrainResult(int Handled, int Poisoned);

/// <summary>
/// A Storage queue of JSON messages and its <c>-poison</c> queue, named as the Functions host names them. The app
/// enqueues here; in Azure a queue-triggered function takes the messages, and locally (the CLI, tests)
/// <see cref="DrainAsync"/> does the same job in-process with the same handler.
/// </summary>
public abstract class MessageQueue<T>
    where T : class
{
    /// <summary>As the host's default maxDequeueCount: a message that failed this often goes to the poison queue.</summary>
    public const int MaxDequeueCount = 5;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { TypeInfoResolver = StoredJson.Default };

    // Fails at first use for a message type StoredJson does not list: a queue's message shape is declared there.
    private static readonly JsonTypeInfo<T> Message = (JsonTypeInfo<T>)Json.GetTypeInfo(typeof(T));

    private readonly QueueClient _queue;
    private readonly QueueClient _poison;
    private volatile bool _created;

    protected MessageQueue(StorageClients clients, string name)
    {
        _queue = clients.Queues.GetQueueClient(name);
        _poison = clients.Queues.GetQueueClient(name + "-poison");
    }

    public string Name => _queue.Name;

    public string PoisonName => _poison.Name;

    /// <summary>How long a message received in-process stays hidden from other readers while it is handled.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);

    public static string Serialize(T message) => JsonSerializer.Serialize(message, Message);

    /// <summary>The message, or null when the text is not one (it then belongs in the poison queue).</summary>
    public static T? Deserialize(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, Message);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Enqueues a message, visible after <paramref name="delay"/> (at once when null or zero).</summary>
    public async Task SendAsync(T message, TimeSpan? delay, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var visibility = delay is { } d && d > TimeSpan.Zero ? d : (TimeSpan?)null;
        await Guard(() => _queue.SendMessageAsync(Serialize(message), visibility, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Puts a message's text in the poison queue, where it stays until someone looks at it.</summary>
    public async Task SendToPoisonAsync(string text, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await Guard(() => _poison.SendMessageAsync(text, null, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Approximate counts of messages waiting (visible or not) and poisoned.</summary>
    public async Task<(int Waiting, int Poisoned)> CountAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var waiting = await Guard(() => _queue.GetPropertiesAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        var poisoned = await Guard(() => _poison.GetPropertiesAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        return (waiting.Value.ApproximateMessagesCount, poisoned.Value.ApproximateMessagesCount);
    }

    /// <summary>The poison queue's messages (up to 32), without taking them.</summary>
    public async Task<IReadOnlyList<string>> PeekPoisonAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var peeked = await Guard(() => _poison.PeekMessagesAsync(32, cancellationToken), cancellationToken).ConfigureAwait(false);
        return peeked.Value.Select(m => m.Body.ToString()).ToArray();
    }

    /// <summary>
    /// Handles every message that is visible now, and those that become visible while it runs (a retry due at
    /// once), until none is left: what the queue-triggered function does in Azure, in this process. A handler
    /// that throws leaves its message for a later try, and after <see cref="MaxDequeueCount"/> tries it goes to the
    /// poison queue, as the host does. When <paramref name="cancellationToken"/> fires, the message in hand is
    /// released at once for another reader and the drain stops.
    /// </summary>
    public async Task<DrainResult> DrainAsync(Func<T, CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var handled = 0;
        var poisoned = 0;
        while (true)
        {
            var received = (await Guard(() => _queue.ReceiveMessagesAsync(16, Lease, cancellationToken), cancellationToken).ConfigureAwait(false)).Value;
            if (received.Length == 0)
            {
                return new DrainResult(handled, poisoned);
            }

            for (var i = 0; i < received.Length; i++)
            {
                var message = received[i];
                var text = message.Body.ToString();
                if (Deserialize(text) is not { } body)
                {
                    await PoisonAsync(message, text, cancellationToken).ConfigureAwait(false);
                    poisoned++;
                    continue;
                }

                try
                {
                    await handle(body, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // This message and the ones received with it but not handled yet: another reader takes them now.
                    foreach (var unhandled in received.Skip(i))
                    {
                        await ReleaseAsync(unhandled).ConfigureAwait(false);
                    }

                    throw;
                }
                catch (Exception) when (message.DequeueCount < MaxDequeueCount)
                {
                    // Left hidden for the lease, then tried again, as the host would.
                    continue;
                }
                catch (Exception)
                {
                    await PoisonAsync(message, text, cancellationToken).ConfigureAwait(false);
                    poisoned++;
                    continue;
                }

                await Guard(() => _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken), cancellationToken).ConfigureAwait(false);
                handled++;
            }
        }
    }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await Guard(() => _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        await Guard(() => _poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        _created = true;
    }

    private async Task PoisonAsync(QueueMessage message, string text, CancellationToken cancellationToken)
    {
        await SendToPoisonAsync(text, cancellationToken).ConfigureAwait(false);
        await Guard(() => _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private async Task ReleaseAsync(QueueMessage message)
    {
        try
        {
            // Not the cancelled token: releasing is what makes the message visible to the next reader at once.
            await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Then it comes back when its lease ends.
        }
    }

    private Task<TResult> Guard<TResult>(Func<Task<TResult>> call, CancellationToken cancellationToken) =>
        StorageUnavailableException.Guard(_queue.Uri, call, cancellationToken);
}
