using LlmPulse.Import;
using LlmPulse.Testing;

namespace LlmPulse.Tests.Import;

[Collection(AzuriteCollection.Name)]
public sealed class SeedImporterTests(AzuriteServer azurite) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmpulse-seeds-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Importing_the_seeds_twice_changes_nothing_the_second_time()
    {
        using var app = new TestApp(azurite.ConnectionString);

        var first = await app.Importer.ImportAsync(TestApp.SeedsFolder, CancellationToken.None);
        var storedFirst = await app.Metrics.GetObservationsAsync("index.cn.chatgpt_concept", null, null, CancellationToken.None);
        app.Time.Advance(TimeSpan.FromDays(3));
        var second = await app.Importer.ImportAsync(TestApp.SeedsFolder, CancellationToken.None);
        var storedSecond = await app.Metrics.GetObservationsAsync("index.cn.chatgpt_concept", null, null, CancellationToken.None);

        Assert.Equal(new ImportResult(26, 37, 0, 0), first);
        Assert.Equal(new ImportResult(0, 0, 0, 37), second);
        Assert.Equal(storedFirst, storedSecond);
    }

    [Fact]
    public async Task A_changed_figure_is_updated_and_counted()
    {
        using var app = new TestApp(azurite.ConnectionString);
        WriteSeeds("traffic.x,2023-07,level,100,false,S,first\n");
        await app.Importer.ImportAsync(_folder, CancellationToken.None);

        WriteSeeds("traffic.x,2023-07,level,100.0,false,S,first\ntraffic.x,2023-08,level,90,false,S,\n");
        var result = await app.Importer.ImportAsync(_folder, CancellationToken.None);

        // 100 -> 100.0 is a change of reported precision, so it is stored again.
        Assert.Equal(new ImportResult(0, 1, 1, 0), result);
        var stored = await app.Metrics.GetObservationsAsync("traffic.x", null, null, CancellationToken.None);
        Assert.Equal(["100.0", "90"], stored.Select(o => o.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task One_bad_row_writes_nothing_at_all()
    {
        using var app = new TestApp(azurite.ConnectionString);
        WriteSeeds("traffic.x,2023-07,level,100,false,S,\ntraffic.x,2023-08,level,ninety,false,S,\n");

        var error = await Assert.ThrowsAsync<ImportException>(() => app.Importer.ImportAsync(_folder, CancellationToken.None));

        Assert.Equal("observations.csv, line 3, column 4 (value): expected a number in invariant culture such as 1500000000 or -9.7; got 'ninety'", error.Errors.Single().ToString());
        Assert.Empty(await app.Metrics.GetSeriesAsync(CancellationToken.None));
        Assert.Empty(await app.Metrics.GetObservationsAsync("traffic.x", null, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_folder_without_the_files_says_which_is_missing()
    {
        using var app = new TestApp(azurite.ConnectionString);
        File.WriteAllText(Path.Combine(_folder, "series.csv"), "id,category,name,unit,frequency,source\n");

        var error = await Assert.ThrowsAsync<ImportException>(() => app.Importer.ImportAsync(_folder, CancellationToken.None));

        Assert.Equal("observations.csv", error.Errors.Single().File);
    }

    private void WriteSeeds(string observationRows)
    {
        File.WriteAllText(Path.Combine(_folder, "series.csv"), "id,category,name,unit,frequency,source\ntraffic.x,traffic,X visits,visits,monthly,S\n");
        File.WriteAllText(Path.Combine(_folder, "observations.csv"), "series,period,measure,value,approximate,reported_by,note\n" + observationRows);
    }
}
