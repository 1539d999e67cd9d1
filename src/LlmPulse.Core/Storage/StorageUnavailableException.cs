using System.Net.Sockets;
using Azure;

namespace LlmPulse.Storage;

/// <summary>Storage could not be reached at all (not an error answer from it).</summary>
public sealed class StorageUnavailableException(Uri endpoint, Exception inner)
    : Exception($"Storage is unreachable at {endpoint.GetLeftPart(UriPartial.Authority)}{endpoint.AbsolutePath.TrimEnd('/')}: {inner.GetBaseException().Message}", inner)
{
    public Uri Endpoint { get; } = endpoint;

    /// <summary>True when the failure is a refused or failed connection rather than an answer from storage.</summary>
    public static bool IsUnreachable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HttpRequestException or SocketException or TimeoutException:
                    return true;
                case RequestFailedException { Status: 0 } when e.InnerException is null:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsUnreachable):
                    return true;
            }
        }

        return false;
    }

    /// <summary>Runs a storage call, turning "cannot connect" into <see cref="StorageUnavailableException"/>.</summary>
    internal static async Task<T> Guard<T>(Uri endpoint, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not StorageUnavailableException && IsUnreachable(e))
        {
            throw new StorageUnavailableException(endpoint, e);
        }
    }

    internal static async Task Guard(Uri endpoint, Func<Task> call, CancellationToken cancellationToken) =>
        await Guard(endpoint, async () => { await call().ConfigureAwait(false); return true; }, cancellationToken).ConfigureAwait(false);
}
