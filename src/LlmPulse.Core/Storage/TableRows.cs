using Azure;
using Azure.Data.Tables;

namespace LlmPulse.Storage;

/// <summary>Row work the stores share.</summary>
internal static class TableRows
{
    /// <summary>
    /// Deletes every row of <paramref name="table"/> matching <paramref name="filter"/>, read by their keys only, in
    /// transactions of at most a hundred rows of one partition, and returns how many: for the rows of a layout that a
    /// later version replaced, which nothing reads any more. A rerun finds none.
    /// </summary>
    public static async Task<int> DeleteAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        var rows = await StorageUnavailableException.Guard(table.Uri, async () =>
        {
            var keys = new List<(string Partition, string Row)>();
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                keys.Add((entity.PartitionKey, entity.RowKey));
            }

            return keys;
        }, cancellationToken).ConfigureAwait(false);

        foreach (var partition in rows.GroupBy(r => r.Partition, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(MetricStore.MaxBatchSize))
            {
                var actions = chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.Partition, r.Row), ETag.All));
                await StorageUnavailableException.Guard(table.Uri, () => table.SubmitTransactionAsync(actions, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }

        return rows.Count;
    }
}
