using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using LlmPulse.Import;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Functions.Tests;

/// <summary>
/// Storage going away in the middle of a mutating job, at every write it makes in turn, then coming back: the rerun
/// ends with exactly what an uninterrupted run stores, nothing lost and nothing twice. Each cut happens twice: once
/// refusing the write (it never happened), once dropping storage's answer after it was applied (it happened, and
/// the job cannot know), the two halves of "any message may run twice".
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageOutageTests(AzuriteServer azurite) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmpulse-outage-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task An_import_cut_off_at_any_write_is_completed_by_its_rerun_with_nothing_lost_and_nothing_extra()
    {
        await using var proxy = await StorageFaultProxy.StartAsync(azurite);
        var seed = WriteSeed(_folder);

        var cleanNames = StorageNames.Unique(azurite.ConnectionString);
        var before = proxy.Requests.Count;
        await ImportAsync(cleanNames, proxy.ConnectionString, seed);
        var writes = proxy.Requests.Skip(before).Count(r => r.IsWrite);
        var expected = await DumpAsync(cleanNames);
        Assert.Contains(expected, row => row.StartsWith("index|months|2023-07", StringComparison.Ordinal));
        Assert.Contains(expected, row => row.StartsWith("rollup|traffic.test.daily|2023-06", StringComparison.Ordinal));
        Assert.True(writes >= 6, $"the import made {writes} writes");

        foreach (var afterForwarding in new[] { false, true })
        {
            for (var n = 1; n <= writes; n++)
            {
                var names = StorageNames.Unique(azurite.ConnectionString);
                proxy.CutAtWrite(n, afterForwarding);
                var failure = await Record.ExceptionAsync(() => ImportAsync(names, proxy.ConnectionString, seed));
                var cut = $"cut at write {n} of {writes}, {(afterForwarding ? "answer lost" : "write refused")}";
                Assert.True(failure is StorageUnavailableException, $"{cut}: {failure}");

                proxy.Restore();
                await ImportAsync(names, proxy.ConnectionString, seed);
                Assert.True(expected.SequenceEqual(await DumpAsync(names)), $"{cut}: the rerun's tables differ from an uninterrupted import's");
            }
        }
    }

    private static async Task ImportAsync(StorageOptions names, string connectionString, string seed)
    {
        // A new app each time, as a rerun is a new process: nothing remembered in memory helps it.
        using var app = FunctionsApp.OnStorage(names, connectionString);
        await app.Services.GetRequiredService<SeedImporter>().ImportAsync(seed, CancellationToken.None);
    }

    /// <summary>Every row of the series and observations tables (roll-ups and month index included), as sorted text.</summary>
    private async Task<IReadOnlyList<string>> DumpAsync(StorageOptions names)
    {
        var rows = new List<string>();
        foreach (var table in new[] { names.SeriesTable, names.ObservationsTable })
        {
            await foreach (var entity in new TableClient(azurite.ConnectionString, table).QueryAsync<TableEntity>())
            {
                var text = new StringBuilder($"{entity.PartitionKey}|{entity.RowKey}");
                foreach (var (key, value) in entity.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")).OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append(CultureInfo.InvariantCulture, $"|{key}={value}");
                }

                rows.Add(text.ToString());
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>A monthly series and a daily one of 122 days, so the import writes several observation batches and roll-ups.</summary>
    private static string WriteSeed(string folder)
    {
        File.WriteAllText(Path.Combine(folder, "series.csv"), """
            id,category,name,unit,frequency,source
            traffic.test.visits.world,traffic,"Test site visits, worldwide",visits,monthly,Test Analytics
            traffic.test.daily,traffic,Test site daily visits,visits,daily,Test Analytics
            """);
        var observations = new StringBuilder("series,period,measure,value,approximate,reported_by,note\n");
        observations.Append("traffic.test.visits.world,2023-05,level,1900000000,false,Test Analytics,May\n");
        observations.Append("traffic.test.visits.world,2023-06,level,1700000000,false,Test Analytics,June\n");
        observations.Append("traffic.test.visits.world,2023-07,level,1500000000,true,Test Analytics,July\n");
        for (var day = new DateOnly(2023, 4, 1); day <= new DateOnly(2023, 7, 31); day = day.AddDays(1))
        {
            observations.Append(CultureInfo.InvariantCulture, $"traffic.test.daily,{day:yyyy-MM-dd},level,{60_000_000 + (day.DayNumber % 97 * 10_000)},false,Test Analytics,\n");
        }

        File.WriteAllText(Path.Combine(folder, "observations.csv"), observations.ToString());
        return folder;
    }
}
