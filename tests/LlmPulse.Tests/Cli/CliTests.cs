using LlmPulse.Cli;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace LlmPulse.Tests.Cli;

/// <summary>The llmpulse commands as a user types them, against a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CliTests(AzuriteServer azurite) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmpulse-cli-").FullName;
    private readonly StorageOptions _storage = StorageNames.Unique(azurite.ConnectionString);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(int Exit, string Out, string Err)> RunAsync(StorageOptions storage, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await LlmPulseCommand.RunAsync(args, output, error, CancellationToken.None, services => TestApp.ConfigureCli(services, storage, TimeProvider.System));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Import_then_briefing_writes_the_pdf_and_stores_the_blob()
    {
        var imported = await RunAsync(_storage, "import", TestApp.SeedsFolder);
        var pdfPath = Path.Combine(_dir, "july.pdf");
        var briefing = await RunAsync(_storage, "briefing", "2023-07", "--out", pdfPath);

        Assert.Equal(0, imported.Exit);
        Assert.Contains("37 observations added", imported.Out);
        Assert.Equal(0, briefing.Exit);
        Assert.Contains($"Wrote file: {pdfPath}", briefing.Out);
        Assert.Contains($"/{_storage.BriefingsContainer}/2023/2023-07.v1.pdf", briefing.Out);
        using var pdf = PdfDocument.Open(pdfPath);
        Assert.Contains("July 2023", pdf.GetPage(1).Text);
    }

    [Fact]
    public async Task Briefing_latest_into_a_folder_names_the_file_by_month()
    {
        await RunAsync(_storage, "import", TestApp.SeedsFolder);

        var result = await RunAsync(_storage, "briefing", "latest", "--out", _dir);

        Assert.Equal(0, result.Exit);
        Assert.True(File.Exists(Path.Combine(_dir, "llmpulse-2023-09.pdf")));
    }

    [Theory]
    [InlineData("2023-13")]
    [InlineData("23-07")]
    [InlineData("July")]
    public async Task A_bad_month_is_a_one_line_error(string month)
    {
        var result = await RunAsync(_storage, "briefing", month);

        Assert.Equal(LlmPulseCommand.BadInput, result.Exit);
        Assert.Equal($"llmpulse: '{month}' is not a month: expected YYYY-MM, for example 2023-07.", result.Err.Trim());
    }

    [Fact]
    public async Task A_bad_seed_row_is_reported_with_file_line_and_column_and_nothing_is_written()
    {
        File.WriteAllText(Path.Combine(_dir, "series.csv"), "id,category,name,unit,frequency,source\ntraffic.x,traffic,X,visits,monthly,S\n");
        File.WriteAllText(Path.Combine(_dir, "observations.csv"), "series,period,measure,value,approximate,reported_by,note\ntraffic.x,2023-7,level,1,false,S,\n");

        var result = await RunAsync(_storage, "import", _dir);

        Assert.Equal(LlmPulseCommand.BadInput, result.Exit);
        Assert.Contains("observations.csv, line 2, column 2 (period)", result.Err);
        Assert.Equal(LlmPulseCommand.BadInput, (await RunAsync(_storage, "briefing", "latest")).Exit);
    }

    [Fact]
    public async Task Unreachable_storage_is_one_line_naming_the_endpoint_and_how_to_start_Azurite()
    {
        var port = AzuriteServer.FreePort();
        var key = Convert.ToBase64String(new byte[32]);
        var storage = StorageNames.Unique($"DefaultEndpointsProtocol=http;AccountName=nobody;AccountKey={key};TableEndpoint=http://127.0.0.1:{port}/nobody;BlobEndpoint=http://127.0.0.1:{port}/nobody;");

        var result = await RunAsync(storage, "import", TestApp.SeedsFolder);

        Assert.Equal(LlmPulseCommand.StorageUnavailable, result.Exit);
        var line = Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"http://127.0.0.1:{port}", line);
        Assert.Contains("Azurite", line);
        Assert.DoesNotContain(key, line);
    }

    [Fact]
    public async Task Bench_scale_stores_series_in_steps_times_each_build_and_leaves_no_tables_behind()
    {
        var tables = new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString);

        var result = await RunAsync(_storage, "bench-scale", "--series", "2,3", "--years", "1", "--repeat", "1");

        Assert.True(result.Exit == 0, result.Err);
        Assert.Contains("2 series stored (730 observations", result.Out);
        Assert.Contains("3 series stored (1,095 observations", result.Out);
        Assert.Matches(@"\n\s+3 \|\s+1,095 \|\s+[\d,]+ ms median", result.Out);

        // The split says where the time goes, and the load reads 12 roll-ups and December's 31 days per series
        // (issue 14), not the 365 days each series holds, in five queries of a page each (series, roll-ups of the
        // month's year, of the year before and of the years before those, days).
        Assert.Matches(@"3 series: model build [\d,]+ ms median, CPU [\d,]+ ms \(runs: [\d,]+; one load [\d,]+ ms reading 129 rows in 5 table requests, builder alone [\d,]+ ms\)", result.Out);
        Assert.Contains("model build at 3 series:", result.Out);
        Assert.Contains("Machine: ", result.Out);
        var left = new List<string>();
        await foreach (var table in tables.QueryAsync(t => true))
        {
            left.Add(table.Name);
        }

        Assert.DoesNotContain(left, name => name.StartsWith("scale", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bench_scale_with_keep_times_a_later_run_on_the_series_an_earlier_one_stored_each_step_on_tables_of_its_own()
    {
        var tables = new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString);
        async Task<List<string>> KeptTablesAsync()
        {
            var kept = new List<string>();
            await foreach (var table in tables.QueryAsync(t => true))
            {
                if (table.Name.StartsWith("scale", StringComparison.Ordinal) && table.Name.Contains("kept1y", StringComparison.Ordinal))
                {
                    kept.Add(table.Name);
                }
            }

            return kept;
        }

        try
        {
            var first = await RunAsync(_storage, "bench-scale", "--series", "1,2", "--years", "1", "--repeat", "1", "--keep");
            var second = await RunAsync(_storage, "bench-scale", "--series", "1,2", "--years", "1", "--repeat", "1", "--keep");

            Assert.True(first.Exit == 0, first.Err);
            Assert.True(second.Exit == 0, second.Err);
            Assert.Contains("1 series stored (365 observations", first.Out);
            Assert.Contains("2 series stored (730 observations", first.Out);
            Assert.Contains("1 series kept from an earlier run with --keep (365 observations)", second.Out);
            Assert.Contains("2 series kept from an earlier run with --keep (730 observations)", second.Out);
            Assert.DoesNotContain("series stored", second.Out);

            // Each step reads exactly its own series: 12 roll-ups and December's 31 days each, as on fresh tables.
            Assert.Contains("1 series: model build", second.Out);
            Assert.Matches(@"1 series: model build .* reading 43 rows", second.Out);
            Assert.Matches(@"2 series: model build .* reading 86 rows", second.Out);
            Assert.Contains(await KeptTablesAsync(), name => name.EndsWith("kept1y2", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var table in await KeptTablesAsync())
            {
                await tables.DeleteTableAsync(table);
            }
        }
    }

    [Theory]
    [InlineData("--series", "100,50")]
    [InlineData("--series", "ten")]
    [InlineData("--series", "0")]
    [InlineData("--years", "0")]
    [InlineData("--repeat", "0")]
    public async Task Bench_scale_refuses_bad_steps_with_one_line(string option, string value)
    {
        var result = await RunAsync(_storage, "bench-scale", option, value);

        Assert.Equal(LlmPulseCommand.BadInput, result.Exit);
        Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Bench_refuses_a_negative_number_of_cold_runs()
    {
        var result = await RunAsync(_storage, "bench", "--cold=-1", "--seeds", TestApp.SeedsFolder);

        Assert.Equal(LlmPulseCommand.BadInput, result.Exit);
        Assert.Contains("--cold", result.Err);
    }

    [Fact]
    public async Task Bench_scale_on_unreachable_storage_is_the_one_line_storage_error()
    {
        var port = AzuriteServer.FreePort();
        var key = Convert.ToBase64String(new byte[32]);
        var storage = StorageNames.Unique($"DefaultEndpointsProtocol=http;AccountName=nobody;AccountKey={key};TableEndpoint=http://127.0.0.1:{port}/nobody;BlobEndpoint=http://127.0.0.1:{port}/nobody;");

        var result = await RunAsync(storage, "bench-scale", "--series", "1", "--years", "1", "--repeat", "1");

        Assert.Equal(LlmPulseCommand.StorageUnavailable, result.Exit);
        var line = Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"http://127.0.0.1:{port}", line);
    }

    [Fact]
    public async Task A_wrong_collector_setting_stops_the_commands_that_collect_but_not_a_briefing()
    {
        await RunAsync(_storage, "import", TestApp.SeedsFolder);

        async Task<(int Exit, string Out, string Err)> WithEmptyUserAgent(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = await LlmPulseCommand.RunAsync(args, output, error, CancellationToken.None, services =>
            {
                TestApp.ConfigureCli(services, _storage, TimeProvider.System);
                services.Configure<LlmPulse.Collectors.CollectorOptions>(o => o.UserAgent = "");
            });
            return (exit, output.ToString(), error.ToString());
        }

        // The briefing neither collects nor reads the collectors' settings, so it does not load or check them.
        var briefing = await WithEmptyUserAgent("briefing", "2023-07");
        var runs = await WithEmptyUserAgent("runs");
        var status = await WithEmptyUserAgent("status", "2023-07");

        Assert.Equal(0, briefing.Exit);
        Assert.Contains("Briefing 2023-07, version 1: rendered and stored", briefing.Out);
        foreach (var refused in new[] { runs, status })
        {
            Assert.Equal(LlmPulseCommand.BadInput, refused.Exit);
            Assert.Equal("", refused.Out);
            Assert.Contains("llmpulse: configuration: Collectors:UserAgent is empty", refused.Err);
        }
    }
}
