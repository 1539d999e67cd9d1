using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace LlmPulse.Storage;

/// <summary>One dependency as a probe sees it: up or down, and when that was seen.</summary>
public sealed record DependencyHealth(string Name, bool Up, DateTimeOffset CheckedAt)
{
    public string Status => Up ? "up" : "down";
}

/// <summary>
/// Whether Table and Blob Storage answer, each with one small request (the first row of the series table, the
/// briefings container's properties) so a probe costs the same whatever the tables hold. An answer of any kind,
/// "not found" included, means the service is up; only no answer means down.
/// </summary>
public sealed class StorageHealth(StorageClients clients, IOptions<StorageOptions> options, TimeProvider time)
{
    public async Task<IReadOnlyList<DependencyHealth>> CheckAsync(CancellationToken cancellationToken)
    {
        var tables = ProbeAsync("tables", async () =>
        {
            var table = clients.Tables.GetTableClient(options.Value.SeriesTable);
            await foreach (var page in table.QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
            {
                break;
            }
        }, cancellationToken);
        var blobs = ProbeAsync("blobs", () => clients.Blobs.GetBlobContainerClient(options.Value.BriefingsContainer).GetPropertiesAsync(cancellationToken: cancellationToken), cancellationToken);
        return await Task.WhenAll(tables, blobs).ConfigureAwait(false);
    }

    private async Task<DependencyHealth> ProbeAsync(string name, Func<Task> probe, CancellationToken cancellationToken)
    {
        try
        {
            await probe().ConfigureAwait(false);
            return new DependencyHealth(name, true, time.GetUtcNow());
        }
        catch (RequestFailedException e) when (e.Status is >= 400 and < 500)
        {
            // An answer (no such table or container yet, say): the service is there.
            return new DependencyHealth(name, true, time.GetUtcNow());
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            return new DependencyHealth(name, false, time.GetUtcNow());
        }
    }
}
